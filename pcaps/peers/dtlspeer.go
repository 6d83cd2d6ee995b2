// dtlspeer - a small DTLS 1.2 client or server on pion/dtls (v2), for make-captures.sh
// (scenarios-dtls.sh).
//
// The DTLS captures need a third stack beside OpenSSL and GnuTLS, as it behaves in real
// programs (WebRTC peers and IoT gateways use pion/dtls): its flights, its cookie
// exchange, the alerts it sends. This program is a thin shell around dtls.Config: every
// flag sets one field of it and no part of the protocol is reimplemented, so the bytes
// on the wire are pion's own. Built offline against Debian's
// golang-github-pion-dtls.v2-dev with
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go build -o dtlspeer dtlspeer.go
//
//	Client:  dtlspeer -mode client -addr 198.18.1.2:4433 -sni www.example.test -ca caA.pem \
//	             [-cert client.pem -key client.key] [-alpn a,b] [-ciphers ...] ...
//
//	Server:  dtlspeer -mode server -addr :4433 -cert server.pem -key server.key \
//	             [-client-ca caA.pem -client-auth verify] [-accept N] ...
//
// It prints one line per handshake ("handshake done: ..." or "handshake error: ..." with
// pion's error text, which names the alert received or the reason of the one sent); the
// scenarios check those lines. It never fails on a refused handshake: that is what the
// captures are made of. Exit status 2 only for bad flags or unreadable files.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/pion/dtls/v2"
)

var (
	mode       = flag.String("mode", "", "client or server")
	addr       = flag.String("addr", "", "client: HOST:PORT to send to; server: [HOST]:PORT to listen on")
	certFile   = flag.String("cert", "", "certificate chain (PEM): the server's, or the client's to offer")
	keyFile    = flag.String("key", "", "private key (PEM) of -cert")
	caFile     = flag.String("ca", "", "client: CAs (PEM) trusted for the server's certificate")
	clientCA   = flag.String("client-ca", "", "server: CAs (PEM) trusted for client certificates")
	clientAuth = flag.String("client-auth", "none", "server: none|request|require|verify-if-given|verify (dtls.ClientAuthType)")
	ciphers    = flag.String("ciphers", "", "comma-separated cipher suite names (IANA, as pion names them)")
	sni        = flag.String("sni", "", "client: server name to send and to verify the certificate against")
	alpn       = flag.String("alpn", "", "comma-separated ALPN protocols (client: offered; server: supported)")
	insecure   = flag.Bool("insecure", false, "client: do not verify the server's certificate")
	keylog     = flag.String("keylog", "", "append the secrets to FILE (SSLKEYLOGFILE format, dtls.Config.KeyLogWriter)")
	mtu        = flag.Int("mtu", 0, "largest datagram pion writes (dtls.Config.MTU; 0: pion's default, 1200)")
	noCookie   = flag.Bool("no-cookie", false, "server: answer the first ClientHello without a HelloVerifyRequest (InsecureSkipVerifyHello)")
	accept     = flag.Int("accept", 0, "server: exit after N handshakes, good or bad (0: run until killed)")
	timeout    = flag.Duration("timeout", 8*time.Second, "deadline of each handshake")
)

func fail(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "dtlspeer: "+format+"\n", a...)
	os.Exit(2)
}

func loadPool(file string) *x509.CertPool {
	pem, err := os.ReadFile(file)
	if err != nil {
		fail("%v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		fail("%s: no certificate", file)
	}
	return pool
}

func cipherIDs(list string) []dtls.CipherSuiteID {
	known := map[string]dtls.CipherSuiteID{}
	for _, id := range []dtls.CipherSuiteID{
		dtls.TLS_ECDHE_ECDSA_WITH_AES_128_CCM, dtls.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
		dtls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, dtls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
		dtls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, dtls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
		dtls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, dtls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
	} {
		known[dtls.CipherSuiteName(id)] = id
	}
	var ids []dtls.CipherSuiteID
	for _, name := range strings.Split(list, ",") {
		id, ok := known[name]
		if !ok {
			fail("unknown cipher suite %q", name)
		}
		ids = append(ids, id)
	}
	return ids
}

func config() *dtls.Config {
	cfg := &dtls.Config{
		ServerName:              *sni,
		InsecureSkipVerify:      *insecure,
		MTU:                     *mtu,
		InsecureSkipVerifyHello: *noCookie,
		// Extended master secret as OpenSSL and GnuTLS do it: offered, used when both have it.
		ExtendedMasterSecret: dtls.RequestExtendedMasterSecret,
		ConnectContextMaker: func() (context.Context, func()) {
			return context.WithTimeout(context.Background(), *timeout)
		},
	}
	if *certFile != "" {
		cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			fail("%v", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	if *caFile != "" {
		cfg.RootCAs = loadPool(*caFile)
	}
	if *clientCA != "" {
		cfg.ClientCAs = loadPool(*clientCA)
	}
	switch *clientAuth {
	case "none":
		cfg.ClientAuth = dtls.NoClientCert
	case "request":
		cfg.ClientAuth = dtls.RequestClientCert
	case "require":
		cfg.ClientAuth = dtls.RequireAnyClientCert
	case "verify-if-given":
		cfg.ClientAuth = dtls.VerifyClientCertIfGiven
	case "verify":
		cfg.ClientAuth = dtls.RequireAndVerifyClientCert
	default:
		fail("unknown -client-auth %q", *clientAuth)
	}
	if *ciphers != "" {
		cfg.CipherSuites = cipherIDs(*ciphers)
	}
	if *alpn != "" {
		cfg.SupportedProtocols = strings.Split(*alpn, ",")
	}
	if *keylog != "" {
		f, err := os.OpenFile(*keylog, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			fail("%v", err)
		}
		cfg.KeyLogWriter = f
	}
	return cfg
}

func describe(conn *dtls.Conn) string {
	st := conn.ConnectionState()
	s := "handshake done: DTLS1.2"
	if st.NegotiatedProtocol != "" {
		s += " alpn " + st.NegotiatedProtocol
	}
	return s
}

// client sends one line once the handshake is done and prints the answer.
func client(cfg *dtls.Config) {
	raddr, err := net.ResolveUDPAddr("udp", *addr)
	if err != nil {
		fail("%v", err)
	}
	conn, err := dtls.Dial("udp", raddr, cfg)
	if err != nil {
		fmt.Printf("handshake error: %v\n", err)
		return
	}
	defer conn.Close()
	fmt.Println(describe(conn))
	if _, err := conn.Write([]byte("hello from the client\n")); err != nil {
		fmt.Printf("write error: %v\n", err)
		return
	}
	_ = conn.SetReadDeadline(time.Now().Add(*timeout))
	buf := make([]byte, 2048)
	n, err := conn.Read(buf)
	if err != nil {
		fmt.Printf("read error: %v\n", err)
		return
	}
	fmt.Printf("answer: %s", buf[:n])
}

// serve answers each connection's first datagram with one line and closes it
// (close_notify).
func serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(*timeout))
	buf := make([]byte, 2048)
	if _, err := conn.Read(buf); err != nil && err != io.EOF {
		fmt.Printf("read error: %v\n", err)
		return
	}
	_, _ = conn.Write([]byte("hello from dtlspeer\n"))
}

func server(cfg *dtls.Config) {
	laddr, err := net.ResolveUDPAddr("udp", *addr)
	if err != nil {
		fail("%v", err)
	}
	ln, err := dtls.Listen("udp", laddr, cfg)
	if err != nil {
		fail("%v", err)
	}
	fmt.Println("listening")
	for n := 0; *accept == 0 || n < *accept; n++ {
		conn, err := ln.Accept()
		if err != nil {
			fmt.Printf("handshake error: %v\n", err)
			continue
		}
		fmt.Println(describe(conn.(*dtls.Conn)))
		go serve(conn)
	}
	time.Sleep(time.Second)
}

func main() {
	flag.Parse()
	if *addr == "" {
		fail("-addr missing")
	}
	cfg := config()
	switch *mode {
	case "client":
		client(cfg)
	case "server":
		server(cfg)
	default:
		fail("-mode must be client or server")
	}
}
