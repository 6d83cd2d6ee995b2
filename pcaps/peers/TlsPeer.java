// TlsPeer.java - a small TLS client or server on Java's own TLS stack (JSSE, SunJSSE
// provider), for the test captures of make-captures.sh (see scenarios-java.sh).
//
// JDK only, one file: run it in source-launch mode
//     java pcaps/peers/TlsPeer.java client|server [options]
// or compile it once (javac -d DIR TlsPeer.java; java -cp DIR TlsPeer ...), which is
// what the scenarios do: a JVM starts slowly enough without compiling each time.
//
// Options (both modes unless said otherwise):
//   -host H -port P          where to connect (client) / the port to listen on (server;
//                            the listening socket takes every address, IPv4 and IPv6)
//   -keystore F.p12          our certificate and key, a PKCS#12 file (openssl pkcs12)
//   -storepass PW            its password (default changeit)
//   -truststore F            the CAs we trust: a PKCS#12 keystore, or a PEM file of
//                            certificates (loaded into a keystore in memory)
//   -need-client-auth        server: require a client certificate (setNeedClientAuth)
//   -want-client-auth        server: ask for one, accept none (setWantClientAuth)
//   -protocols L             enabled protocol versions, comma separated: TLSv1.3,TLSv1.2
//   -ciphers L               enabled cipher suites, IANA names, comma separated
//   -sni NAME                client: send NAME in server_name (SNIHostName);
//                            server: accept only NAME (an SNIMatcher): any other name in
//                            the ClientHello gets JSSE's fatal unrecognized_name alert
//   -alpn L                  application protocols, comma separated
//                            (SSLParameters.setApplicationProtocols); a server whose list
//                            shares nothing with the client's sends no_application_protocol
//   -verify-host             client: check the server's name (endpoint identification
//                            "HTTPS": against the SNI name when one is set)
//   -request                 client: send an HTTP/1.0 GET, print the answer
//   -accept N                server: handle N connections, then exit (default 1)
//   -debug                   JSSE's own trace (javax.net.debug=ssl:handshake) to stderr
//
// JSSE cannot write an SSLKEYLOGFILE (it has no key log hook at all), so a capture of a
// Java peer can only be decrypted with the secrets of the other end: openssl s_client
// -keylogfile when Java is the server, s_server -keylogfile when Java is the client.
//
// Exit status: 0 when every handshake (and request) went through, 1 when one failed,
// 2 for a usage error. Failures are printed, with the exception JSSE gave, to stderr.

import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.*;
import javax.net.ssl.*;

public class TlsPeer {
    static String mode, host = "127.0.0.1", keystore, truststore, sni, storepass = "changeit";
    static int port = 443, accept = 1;
    static boolean needAuth, wantAuth, verifyHost, request;
    static String[] protocols, ciphers, alpn;

    static void usage(String why) {
        System.err.println("TlsPeer: " + why);
        System.err.println("usage: TlsPeer client|server [-host H] [-port P] [-keystore F.p12]"
                + " [-storepass PW] [-truststore F] [-need-client-auth] [-want-client-auth]"
                + " [-protocols L] [-ciphers L] [-sni NAME] [-alpn L] [-verify-host]"
                + " [-request] [-accept N] [-debug]");
        System.exit(2);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !(args[0].equals("client") || args[0].equals("server")))
            usage("first argument must be client or server");
        mode = args[0];
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            boolean hasValue = i + 1 < args.length;
            switch (a) {
                case "-need-client-auth": needAuth = true; continue;
                case "-want-client-auth": wantAuth = true; continue;
                case "-verify-host": verifyHost = true; continue;
                case "-request": request = true; continue;
                // Must be set before the first JSSE class loads.
                case "-debug": System.setProperty("javax.net.debug", "ssl:handshake"); continue;
                default: break;
            }
            if (!hasValue) usage(a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "-host": host = v; break;
                case "-port": port = Integer.parseInt(v); break;
                case "-keystore": keystore = v; break;
                case "-storepass": storepass = v; break;
                case "-truststore": truststore = v; break;
                case "-protocols": protocols = v.split(","); break;
                case "-ciphers": ciphers = v.split(","); break;
                case "-sni": sni = v; break;
                case "-alpn": alpn = v.split(","); break;
                case "-accept": accept = Integer.parseInt(v); break;
                default: usage("unknown option " + a);
            }
        }
        SSLContext ctx = context();
        int rc = mode.equals("client") ? client(ctx) : server(ctx);
        System.exit(rc);
    }

    // The SSLContext: our key (if any) and the CAs we trust (if given; else the JDK's).
    static SSLContext context() throws Exception {
        KeyManager[] kms = null;
        TrustManager[] tms = null;
        if (keystore != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = new FileInputStream(keystore)) {
                ks.load(in, storepass.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, storepass.toCharArray());
            kms = kmf.getKeyManagers();
        }
        if (truststore != null) {
            KeyStore ts = loadTrust(truststore);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            tms = tmf.getTrustManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kms, tms, null);
        return ctx;
    }

    // A PEM file of CA certificates becomes an in-memory keystore: no keytool step.
    static KeyStore loadTrust(String file) throws Exception {
        byte[] head = new byte[10];
        try (InputStream in = new FileInputStream(file)) {
            in.read(head);
        }
        if (new String(head, StandardCharsets.US_ASCII).startsWith("-----")) {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            int n = 0;
            try (InputStream in = new FileInputStream(file)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in))
                    ts.setCertificateEntry("ca" + n++, c);
            }
            return ts;
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(file)) {
            ts.load(in, storepass.toCharArray());
        }
        return ts;
    }

    // What both modes set on their socket's SSLParameters.
    static void common(SSLParameters p) {
        if (protocols != null) p.setProtocols(protocols);
        if (ciphers != null) p.setCipherSuites(ciphers);
        if (alpn != null) p.setApplicationProtocols(alpn);
    }

    static int client(SSLContext ctx) {
        SSLSocket s = null;
        try {
            s = (SSLSocket) ctx.getSocketFactory().createSocket();
            SSLParameters p = s.getSSLParameters();
            common(p);
            // Connecting to an address literal, JSSE sends no server_name of its own:
            // the name comes from -sni only.
            if (sni != null) p.setServerNames(List.of(new SNIHostName(sni)));
            if (verifyHost) p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(8000);
            s.startHandshake();
            SSLSession ss = s.getSession();
            System.err.println("TlsPeer client: handshake done: " + ss.getProtocol() + " "
                    + ss.getCipherSuite() + " alpn=" + s.getApplicationProtocol());
            if (request) {
                String host = sni != null ? sni : TlsPeer.host;
                OutputStream out = s.getOutputStream();
                out.write(("GET /hello.txt HTTP/1.0\r\nHost: " + host + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) System.out.write(buf, 0, n);
                System.out.flush();
            }
            s.close();
            return 0;
        } catch (Exception e) {
            System.err.println("TlsPeer client: failed: " + e);
            if (s != null) try { s.close(); } catch (IOException ignored) { }
            return 1;
        }
    }

    static int server(SSLContext ctx) throws IOException {
        int rc = 0;
        try (SSLServerSocket ls = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket()) {
            ls.setReuseAddress(true);
            SSLParameters p = ls.getSSLParameters();
            common(p);
            if (needAuth) p.setNeedClientAuth(true);
            else if (wantAuth) p.setWantClientAuth(true);
            if (sni != null)
                p.setSNIMatchers(List.of(SNIHostName.createSNIMatcher(java.util.regex.Pattern.quote(sni))));
            ls.setSSLParameters(p);
            ls.bind(new InetSocketAddress(port));
            System.err.println("TlsPeer server: listening on port " + port);
            for (int i = 0; i < accept; i++) {
                SSLSocket s = (SSLSocket) ls.accept();
                try {
                    s.setSoTimeout(8000);
                    s.startHandshake();
                    SSLSession ss = s.getSession();
                    System.err.println("TlsPeer server: handshake done: " + ss.getProtocol() + " "
                            + ss.getCipherSuite() + " alpn=" + s.getApplicationProtocol());
                    // Read the request head, answer it, close (an HTTP/1.0 server).
                    BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.US_ASCII));
                    String line;
                    while ((line = r.readLine()) != null && !line.isEmpty()) { }
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 28\r\n\r\n"
                            + "hello from www.example.test\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    System.err.println("TlsPeer server: connection " + (i + 1) + " failed: " + e);
                    rc = 1;
                } finally {
                    try { s.close(); } catch (IOException ignored) { }
                }
            }
        }
        return rc;
    }
}
