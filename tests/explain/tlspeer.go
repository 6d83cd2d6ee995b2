// tlspeer: one TLS client or server over crypto/tls, for tests/explain/collect.sh. It
// prints the error crypto/tls returns exactly as err.Error() gives it, which is what Go
// programs log; the server mode runs net/http, whose ErrorLog writes the
// "http: TLS handshake error from ADDR: ..." line of real Go servers.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

var versions = map[string]uint16{"1.2": tls.VersionTLS12, "1.3": tls.VersionTLS13}

func suites(list string) []uint16 {
	if list == "" {
		return nil
	}
	var ids []uint16
	for _, name := range strings.Split(list, ",") {
		for _, s := range tls.CipherSuites() {
			if s.Name == name {
				ids = append(ids, s.ID)
			}
		}
	}
	return ids
}

func main() {
	mode := flag.String("mode", "client", "client or server")
	addr := flag.String("addr", "127.0.0.1:4433", "address to dial or listen on")
	caFile := flag.String("ca", "", "CA certificates (PEM) to verify the peer with")
	certFile := flag.String("cert", "", "own certificate (PEM)")
	keyFile := flag.String("key", "", "own key (PEM)")
	name := flag.String("name", "", "client: the server name to ask for and verify")
	minV := flag.String("min", "", "lowest version: 1.2 or 1.3")
	maxV := flag.String("max", "", "highest version: 1.2 or 1.3")
	ciphers := flag.String("ciphers", "", "TLS 1.2 cipher suites, comma-separated Go names")
	clientAuth := flag.Bool("require-client-cert", false, "server: require and verify a client certificate")
	flag.Parse()

	cfg := &tls.Config{MinVersion: versions[*minV], MaxVersion: versions[*maxV], CipherSuites: suites(*ciphers)}
	if *caFile != "" {
		pem, err := os.ReadFile(*caFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		cfg.RootCAs = pool
		cfg.ClientCAs = pool
	}
	if *certFile != "" {
		pair, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	if *mode == "server" {
		if *clientAuth {
			cfg.ClientAuth = tls.RequireAndVerifyClientCert
		}
		// HTTP/1.1 only: net/http's HTTP/2 refuses a TLS 1.2 suite list without AES-GCM.
		srv := &http.Server{Addr: *addr, TLSConfig: cfg, Handler: http.NotFoundHandler(),
			TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){}}
		fmt.Fprintln(os.Stderr, srv.ListenAndServeTLS("", ""))
		os.Exit(1)
	}
	cfg.ServerName = *name
	conn, err := tls.Dial("tcp", *addr, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// A TLS 1.3 server's verdict on the client's certificate comes after the client's
	// handshake has finished: reading shows it, as a real client's first read does.
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err != nil && err != io.EOF {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	conn.Close()
}
