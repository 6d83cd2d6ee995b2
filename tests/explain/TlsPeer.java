// TlsPeer: one TLS client or server over JSSE, for tests/explain/collect.sh, run as a
// single-file program (java TlsPeer.java client HOST PORT | server PORT). Keys, trust
// and versions come from JSSE's own system properties (javax.net.ssl.keyStore,
// javax.net.ssl.trustStore, jdk.tls.client.protocols, jdk.tls.server.protocols,
// jdk.tls.client.cipherSuites, jdk.tls.server.cipherSuites), as in real deployments.
// It prints the exception as Java programs log it: its toString().
import java.io.InputStream;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

public class TlsPeer {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            SSLServerSocketFactory f = (SSLServerSocketFactory) SSLServerSocketFactory.getDefault();
            try (SSLServerSocket ss = (SSLServerSocket) f.createServerSocket(Integer.parseInt(args[1]), 1,
                    java.net.InetAddress.getByName("127.0.0.1"))) {
                ss.setNeedClientAuth(Boolean.getBoolean("peer.needClientAuth"));
                System.err.println("listening");
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.startHandshake();
                    InputStream in = s.getInputStream();
                    in.read();
                } catch (Exception e) {
                    System.err.println(e);
                    System.exit(1);
                }
            }
            return;
        }
        SSLSocketFactory f = (SSLSocketFactory) SSLSocketFactory.getDefault();
        try (SSLSocket s = (SSLSocket) f.createSocket(args[1], Integer.parseInt(args[2]))) {
            SSLParameters p = s.getSSLParameters();
            // HTTPS clients check the name (HttpsURLConnection, java.net.http).
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            // A TLS 1.3 server's verdict on the client's certificate arrives after the
            // client's handshake has finished: the first read shows it.
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
            s.getInputStream().read();
        } catch (Exception e) {
            System.err.println(e);
            System.exit(1);
        }
    }
}
