// quicpeer - a small QUIC client or server on quic-go (with its copy of Go's crypto/tls),
// for make-captures.sh (scenarios-quic.sh).
//
// The QUIC captures need a second QUIC stack besides ngtcp2, as real programs run it:
// its Initial packets and their sizes, the CONNECTION_CLOSE it sends for each TLS alert,
// how it reacts to Version Negotiation and Retry. This program is a thin shell around
// quic.Config, tls.Config and quic-go's http3 package: every flag sets one field, and no
// part of the protocol is written here, so the bytes on the wire are quic-go's own.
// Built offline against the Debian packages (GOPATH=/usr/share/gocode, GO111MODULE=off):
//
//	go build -o quicpeer quicpeer.go
//
//	Client:  quicpeer -mode client -addr 198.18.1.2:443 -sni www.example.test -ca caA.pem \
//	             [-alpn h3] [-versions 1] [-cert client.pem -key client.key] [-request]
//	Server:  quicpeer -mode server -addr :443 -cert server.pem -key server.key \
//	             [-alpn h3] [-client-ca caA.pem -client-auth verify] [-retry] [-no-accept]
//
// The client prints one line: "handshake done: ..." or "handshake error: ..." with
// quic-go's error text (which names the TLS alert or transport error sent or received).
// A refused handshake is not a failure of the program: exit status 2 only for bad flags
// or unreadable files.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/lucas-clemente/quic-go"
	"github.com/lucas-clemente/quic-go/http3"
)

var (
	mode       = flag.String("mode", "", "client or server")
	addr       = flag.String("addr", "", "client: HOST:PORT to connect to; server: [HOST]:PORT to listen on (UDP)")
	certFile   = flag.String("cert", "", "certificate chain (PEM): the server's, or the client's to offer")
	keyFile    = flag.String("key", "", "private key (PEM) of -cert")
	caFile     = flag.String("ca", "", "client: CAs (PEM) trusted for the server's certificate (default: the system's)")
	clientCA   = flag.String("client-ca", "", "server: CAs (PEM) trusted for client certificates")
	clientAuth = flag.String("client-auth", "none", "server: none|request|require|verify-if-given|verify (tls.ClientAuthType)")
	sni        = flag.String("sni", "", "client: server name to send and to verify the certificate against")
	alpn       = flag.String("alpn", "h3", "comma-separated ALPN protocols (client: offered; server: supported); QUIC requires ALPN")
	versionsF  = flag.String("versions", "", "comma-separated QUIC versions, hex or 1, draft29, v2draft (default: quic-go's)")
	insecure   = flag.Bool("insecure", false, "client: do not verify the server's certificate")
	keylog     = flag.String("keylog", "", "append the TLS secrets to FILE (SSLKEYLOGFILE format, tls.Config.KeyLogWriter)")
	request    = flag.Bool("request", false, "client: GET /hello.txt over HTTP/3 after the handshake (ALPN h3)")
	retry      = flag.Bool("retry", false, "server: validate every client's address with a Retry (RequireAddressValidation)")
	noAccept   = flag.Bool("no-accept", false, "server: listen, complete handshakes, never call Accept (a busy application)")
	noPMTUD    = flag.Bool("no-pmtud", false, "disable path MTU discovery (DisablePathMTUDiscovery)")
	timeout    = flag.Duration("timeout", 5*time.Second, "client: handshake idle timeout (HandshakeIdleTimeout)")
)

var authTypes = map[string]tls.ClientAuthType{
	"none":            tls.NoClientCert,
	"request":         tls.RequestClientCert,
	"require":         tls.RequireAnyClientCert,
	"verify-if-given": tls.VerifyClientCertIfGiven,
	"verify":          tls.RequireAndVerifyClientCert,
}

var versionAliases = map[string]quic.VersionNumber{
	"1": quic.Version1, "draft29": quic.VersionDraft29, "v2draft": quic.Version2,
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "quicpeer: "+format+"\n", args...)
	os.Exit(2)
}

func certPool(file string) *x509.CertPool {
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

func parseVersions(s string) []quic.VersionNumber {
	if s == "" {
		return nil
	}
	var out []quic.VersionNumber
	for _, v := range strings.Split(s, ",") {
		if n, ok := versionAliases[v]; ok {
			out = append(out, n)
			continue
		}
		n, err := strconv.ParseUint(strings.TrimPrefix(v, "0x"), 16, 32)
		if err != nil {
			fail("bad version %q", v)
		}
		out = append(out, quic.VersionNumber(n))
	}
	return out
}

func configs() (*tls.Config, *quic.Config) {
	tc := &tls.Config{NextProtos: strings.Split(*alpn, ",")}
	if *certFile != "" {
		cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			fail("%v", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	if *keylog != "" {
		f, err := os.OpenFile(*keylog, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			fail("%v", err)
		}
		tc.KeyLogWriter = f
	}
	qc := &quic.Config{
		Versions:                parseVersions(*versionsF),
		HandshakeIdleTimeout:    *timeout,
		MaxIdleTimeout:          *timeout,
		DisablePathMTUDiscovery: *noPMTUD,
	}
	return tc, qc
}

func client() {
	tc, qc := configs()
	tc.ServerName = *sni
	tc.InsecureSkipVerify = *insecure
	if *caFile != "" {
		tc.RootCAs = certPool(*caFile)
	}
	if *request {
		// http3's RoundTripper dials the address of the URL and sends tc.ServerName.
		rt := &http3.RoundTripper{TLSClientConfig: tc, QuicConfig: qc}
		defer rt.Close()
		resp, err := (&http.Client{Transport: rt, Timeout: 2 * *timeout}).Get("https://" + *addr + "/hello.txt")
		if err != nil {
			fmt.Printf("handshake error: %v\n", err)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("handshake done: answer: %s %d %q\n", resp.Proto, resp.StatusCode, string(body))
		return
	}
	conn, err := quic.DialAddrContext(context.Background(), *addr, tc, qc)
	if err != nil {
		fmt.Printf("handshake error: %v\n", err)
		return
	}
	st := conn.ConnectionState()
	fmt.Printf("handshake done: ALPN %s\n", st.TLS.NegotiatedProtocol)
	// H3_NO_ERROR (RFC 9114, 8.1): a client that has nothing to ask closes cleanly.
	_ = conn.CloseWithError(0x100, "")
}

func server() {
	tc, qc := configs()
	auth, ok := authTypes[*clientAuth]
	if !ok {
		fail("bad -client-auth %q", *clientAuth)
	}
	tc.ClientAuth = auth
	if *clientCA != "" {
		tc.ClientCAs = certPool(*clientCA)
	}
	if *retry {
		qc.RequireAddressValidation = func(net.Addr) bool { return true }
	}
	// A server has no handshake timeout of its own to show: the client's decides.
	qc.HandshakeIdleTimeout = 10 * time.Second
	qc.MaxIdleTimeout = 10 * time.Second
	if *noAccept {
		noAcceptServer(tc, qc)
		return
	}
	if *alpn != "h3" {
		// http3.Server would put h3 back into NextProtos: a server of another
		// protocol accepts connections and leaves them to the client to close.
		rawServer(tc, qc)
		return
	}
	srv := &http3.Server{
		Addr:       *addr,
		TLSConfig:  tc,
		QuicConfig: qc,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "hello from %s\n", r.Host)
		}),
	}
	fmt.Printf("listening on %s\n", *addr)
	if err := srv.ListenAndServe(); err != nil {
		fail("%v", err)
	}
}

func rawServer(tc *tls.Config, qc *quic.Config) {
	ln, err := quic.ListenAddr(*addr, tc, qc)
	if err != nil {
		fail("%v", err)
	}
	fmt.Printf("listening on %s\n", *addr)
	for {
		conn, err := ln.Accept(context.Background())
		if err != nil {
			fail("%v", err)
		}
		fmt.Printf("handshake done: ALPN %s\n", conn.ConnectionState().TLS.NegotiatedProtocol)
	}
}

// noAcceptServer: an application too busy to take its connections. quic-go 0.29 still
// completes their handshakes and queues them for Accept; each stays counted until it is
// accepted or closed, and once protocol.MaxAcceptQueueSize (32) wait, server.go answers
// every new client's Initial with an Initial carrying CONNECTION_CLOSE with the
// transport error CONNECTION_REFUSED (0x02) instead of starting a connection.
func noAcceptServer(tc *tls.Config, qc *quic.Config) {
	ln, err := quic.ListenAddr(*addr, tc, qc)
	if err != nil {
		fail("%v", err)
	}
	defer ln.Close()
	fmt.Printf("listening on %s, not accepting\n", *addr)
	select {}
}

func main() {
	flag.Parse()
	switch *mode {
	case "client":
		client()
	case "server":
		server()
	default:
		fail("-mode client or -mode server")
	}
}
