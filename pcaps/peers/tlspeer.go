// tlspeer - a small TLS client or server on Go's crypto/tls, for make-captures.sh
// (scenarios-go.sh).
//
// The test captures need Go's TLS stack as it behaves in real programs: the alerts it
// sends, when it sends them, what it puts in its hellos. This program is a thin shell
// around tls.Config: every flag sets one field of it and no part of the protocol is
// reimplemented, so the bytes on the wire are those of crypto/tls itself. Standard library only; built with
//
//	go build -o tlspeer tlspeer.go
//
//	Client:  tlspeer -mode client -addr 198.18.1.2:443 -sni www.example.test -ca caA.pem \
//	             [-cert client.pem -key client.key] [-min 1.2] [-max 1.3] [-request] ...
//
//	Server:  tlspeer -mode server -addr :443 -cert server.pem -key server.key \
//	             [-client-ca caA.pem -client-auth verify] [-accept N] ...
//
// It prints one line per handshake ("handshake done: TLS1.3 ..." or "handshake error:
// ..." with Go's error text, which names the alert received or the reason of the one
// sent); the scenarios check those lines. It never fails on a refused handshake: that is
// what the captures are made of. Exit status 2 only for bad flags or unreadable files.
package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"time"
)

var (
	mode       = flag.String("mode", "", "client or server")
	addr       = flag.String("addr", "", "client: HOST:PORT to connect to; server: [HOST]:PORT to listen on")
	certFile   = flag.String("cert", "", "certificate chain (PEM): the server's, or the client's to offer")
	keyFile    = flag.String("key", "", "private key (PEM) of -cert")
	caFile     = flag.String("ca", "", "client: CAs (PEM) trusted for the server's certificate (default: the system's)")
	clientCA   = flag.String("client-ca", "", "server: CAs (PEM) trusted for client certificates (and named in the CertificateRequest)")
	clientAuth = flag.String("client-auth", "none", "server: none|request|require|verify-if-given|verify (tls.ClientAuthType)")
	minVer     = flag.String("min", "", "lowest version: 1.0, 1.1, 1.2 or 1.3 (default: crypto/tls's, 1.2 for a client, 1.0 for a server)")
	maxVer     = flag.String("max", "", "highest version (default 1.3)")
	ciphers    = flag.String("ciphers", "", "comma-separated TLS 1.2 cipher suite names (IANA); TLS 1.3 suites are not configurable in crypto/tls")
	curves     = flag.String("curves", "", "comma-separated groups: X25519, P-256, P-384, P-521 (order = preference; a TLS 1.3 client sends a key share for the first)")
	sni        = flag.String("sni", "", "client: server name to send and to verify the certificate against")
	noSNI      = flag.Bool("no-sni", false, "client: send no server_name (the certificate is still checked against -sni when given)")
	alpn       = flag.String("alpn", "", "comma-separated ALPN protocols (client: offered; server: supported, in preference order)")
	insecure   = flag.Bool("insecure", false, "client: do not verify the server's certificate")
	keylog     = flag.String("keylog", "", "append the TLS secrets to FILE (SSLKEYLOGFILE format, tls.Config.KeyLogWriter)")
	request    = flag.Bool("request", false, "client: send GET /hello.txt HTTP/1.0 after the handshake and read the answer")
	accept     = flag.Int("accept", 0, "server: exit after N connections (0: run until killed)")
	names      = flag.String("names", "", "server: the only server names it serves (comma-separated); a hello for another name, or without one, is refused")
	sniRefuse  = flag.String("sni-refuse", "alert", "server, with -names: how a name is refused: alert (GetCertificate finds no certificate: crypto/tls sends unrecognized_name) or error (GetCertificate returns an error)")
	timeout    = flag.Duration("timeout", 8*time.Second, "deadline of each connection")
)

var versions = map[string]uint16{
	"1.0": tls.VersionTLS10, "1.1": tls.VersionTLS11, "1.2": tls.VersionTLS12, "1.3": tls.VersionTLS13,
}

var versionNames = map[uint16]string{
	tls.VersionTLS10: "TLS1.0", tls.VersionTLS11: "TLS1.1", tls.VersionTLS12: "TLS1.2", tls.VersionTLS13: "TLS1.3",
}

var groups = map[string]tls.CurveID{
	"X25519": tls.X25519, "P-256": tls.CurveP256, "P-384": tls.CurveP384, "P-521": tls.CurveP521,
}

var authTypes = map[string]tls.ClientAuthType{
	"none":            tls.NoClientCert,
	"request":         tls.RequestClientCert,
	"require":         tls.RequireAnyClientCert,
	"verify-if-given": tls.VerifyClientCertIfGiven,
	"verify":          tls.RequireAndVerifyClientCert,
}

// The answer of the server: the same 28 bytes as hello.txt of s_server -WWW.
const body = "hello from www.example.test\n"

func fatal(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "tlspeer: "+format+"\n", a...)
	os.Exit(2)
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func pool(file string) *x509.CertPool {
	pem, err := os.ReadFile(file)
	if err != nil {
		fatal("%v", err)
	}
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM(pem) {
		fatal("%s: no certificate", file)
	}
	return p
}

// config builds the tls.Config shared by both modes from the flags.
func config() *tls.Config {
	cfg := &tls.Config{}
	if *minVer != "" {
		v, ok := versions[*minVer]
		if !ok {
			fatal("unknown version %q", *minVer)
		}
		cfg.MinVersion = v
	}
	if *maxVer != "" {
		v, ok := versions[*maxVer]
		if !ok {
			fatal("unknown version %q", *maxVer)
		}
		cfg.MaxVersion = v
	}
	if *ciphers != "" {
		byName := map[string]uint16{}
		// Both lists: the insecure ones (RSA key exchange with CBC-SHA256, RC4, 3DES) are
		// what an old peer may need.
		for _, cs := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
			byName[cs.Name] = cs.ID
		}
		for _, n := range list(*ciphers) {
			id, ok := byName[n]
			if !ok {
				fatal("unknown cipher suite %q", n)
			}
			cfg.CipherSuites = append(cfg.CipherSuites, id)
		}
	}
	for _, n := range list(*curves) {
		id, ok := groups[n]
		if !ok {
			fatal("unknown group %q", n)
		}
		cfg.CurvePreferences = append(cfg.CurvePreferences, id)
	}
	cfg.NextProtos = list(*alpn)
	if *certFile != "" {
		cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			fatal("%v", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	if *keylog != "" {
		f, err := os.OpenFile(*keylog, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0644)
		if err != nil {
			fatal("%v", err)
		}
		cfg.KeyLogWriter = f
	}
	return cfg
}

func describe(st tls.ConnectionState) string {
	s := fmt.Sprintf("%s %s", versionNames[st.Version], tls.CipherSuiteName(st.CipherSuite))
	if st.NegotiatedProtocol != "" {
		s += " alpn " + st.NegotiatedProtocol
	}
	if st.ServerName != "" {
		s += " sni " + st.ServerName
	}
	if len(st.PeerCertificates) > 0 {
		s += " peer " + st.PeerCertificates[0].Subject.CommonName
	}
	if st.DidResume {
		s += " resumed"
	}
	return s
}

// ---------------------------------------------------------------------------------------
// Client.

func client() {
	cfg := config()
	if *caFile != "" {
		cfg.RootCAs = pool(*caFile)
	}
	cfg.InsecureSkipVerify = *insecure
	// crypto/tls sends as server_name whatever ServerName holds (unless it is an IP
	// address) and verifies the certificate against the same name. -no-sni needs the two
	// apart: ServerName stays empty (no extension), and the certificate is verified here,
	// in VerifyConnection, against -sni, as crypto/tls would have done.
	cfg.ServerName = *sni
	if *noSNI {
		cfg.ServerName = ""
		if !*insecure {
			cfg.InsecureSkipVerify = true
			name, roots := *sni, cfg.RootCAs
			cfg.VerifyConnection = func(st tls.ConnectionState) error {
				opts := x509.VerifyOptions{Roots: roots, DNSName: name, Intermediates: x509.NewCertPool()}
				for _, c := range st.PeerCertificates[1:] {
					opts.Intermediates.AddCert(c)
				}
				_, err := st.PeerCertificates[0].Verify(opts)
				return err
			}
		}
	} else if *sni == "" && !*insecure {
		// Without a name crypto/tls refuses to verify anything: verify against the
		// address, as tls.Dial does.
		host, _, _ := net.SplitHostPort(*addr)
		cfg.ServerName = host
	}
	raw, err := net.DialTimeout("tcp", *addr, *timeout)
	if err != nil {
		fmt.Printf("connect error: %v\n", err)
		return
	}
	raw.SetDeadline(time.Now().Add(*timeout))
	conn := tls.Client(raw, cfg)
	defer conn.Close()
	if err := conn.Handshake(); err != nil {
		fmt.Printf("handshake error: %v\n", err)
		return
	}
	fmt.Printf("handshake done: %s\n", describe(conn.ConnectionState()))
	if !*request {
		return
	}
	host := *sni
	if host == "" {
		host = "www.example.test"
	}
	// In TLS 1.3 the client's Handshake returns once its Finished is sent: a server that
	// refuses the client's certificate says so only now, to the write or the read.
	if _, err := fmt.Fprintf(conn, "GET /hello.txt HTTP/1.0\r\nHost: %s\r\n\r\n", host); err != nil {
		fmt.Printf("write error: %v\n", err)
		return
	}
	answer, err := io.ReadAll(conn)
	if len(answer) > 0 {
		line := strings.SplitN(string(answer), "\r\n", 2)[0]
		fmt.Printf("answer: %s (%d bytes)\n", line, len(answer))
	}
	if err != nil {
		fmt.Printf("read error: %v\n", err)
	}
}

// ---------------------------------------------------------------------------------------
// Server.

func server() {
	cfg := config()
	if *clientCA != "" {
		cfg.ClientCAs = pool(*clientCA)
	}
	ca, ok := authTypes[*clientAuth]
	if !ok {
		fatal("unknown -client-auth %q", *clientAuth)
	}
	cfg.ClientAuth = ca
	if *names != "" {
		// Name-based virtual hosting the way Go programs do it: no default certificate
		// (Certificates empty), GetCertificate picks one by name. crypto/tls calls it for
		// every hello, with or without server_name. When it finds no certificate
		// (nil, nil) crypto/tls itself refuses the hello with unrecognized_name; when it
		// returns an error, crypto/tls sends internal_error (Go 1.19).
		if len(cfg.Certificates) == 0 {
			fatal("-names needs -cert")
		}
		cert := cfg.Certificates[0]
		cfg.Certificates = nil
		known := map[string]bool{}
		for _, n := range list(*names) {
			known[strings.ToLower(n)] = true
		}
		refuse := *sniRefuse
		if refuse != "alert" && refuse != "error" {
			fatal("unknown -sni-refuse %q", refuse)
		}
		cfg.GetCertificate = func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			if known[strings.ToLower(hello.ServerName)] {
				return &cert, nil
			}
			fmt.Printf("refusing server name %q\n", hello.ServerName)
			if refuse == "error" {
				return nil, fmt.Errorf("unknown server name %q", hello.ServerName)
			}
			return nil, nil
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fatal("%v", err)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	// Each connection has its own goroutine (a client that never ends its handshake
	// must not hold up the next one); with -accept N the server stops accepting after N
	// connections and exits once they are all done.
	var wg sync.WaitGroup
	for n := 0; *accept == 0 || n < *accept; n++ {
		raw, err := ln.Accept()
		if err != nil {
			fmt.Printf("accept error: %v\n", err)
			continue
		}
		wg.Add(1)
		go func(raw net.Conn) {
			defer wg.Done()
			serve(raw, cfg)
		}(raw)
	}
	ln.Close()
	wg.Wait()
}

// serve: the handshake (explicitly, to report its outcome: crypto/tls would otherwise run
// it on the first Read), then an HTTP/1.0 answer to one request, then close_notify and
// FIN (Close).
func serve(raw net.Conn, cfg *tls.Config) {
	raw.SetDeadline(time.Now().Add(*timeout))
	conn := tls.Server(raw, cfg)
	defer conn.Close()
	peer := raw.RemoteAddr().String()
	if err := conn.Handshake(); err != nil {
		fmt.Printf("%s: handshake error: %v\n", peer, err)
		return
	}
	fmt.Printf("%s: handshake done: %s\n", peer, describe(conn.ConnectionState()))
	rd := bufio.NewReader(conn)
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			if !errors.Is(err, io.EOF) {
				fmt.Printf("%s: read error: %v\n", peer, err)
			}
			return
		}
		if strings.TrimRight(line, "\r\n") == "" {
			break
		}
	}
	fmt.Fprintf(conn, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
}

func main() {
	flag.Parse()
	if flag.NArg() > 0 || *addr == "" {
		fatal("usage: tlspeer -mode client|server -addr ADDR [flags] (see -h)")
	}
	// Line-buffered enough: each result is one Printf to stdout, which the scripts
	// redirect to a log file.
	switch *mode {
	case "client":
		client()
	case "server":
		server()
	default:
		fatal("-mode must be client or server")
	}
}
