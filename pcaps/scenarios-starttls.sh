# scenarios-starttls.sh - TLS handshakes that follow a clear-text upgrade (STARTTLS and
# its relatives), and upgrades the server refuses or never offers, sourced by
# make-captures.sh.
#
# Each protocol begins in clear text on its own port and switches to TLS on the same TCP
# connection when both ends agree: SMTP, IMAP, NNTP and XMPP with STARTTLS, POP3 with
# STLS, FTP with AUTH TLS, LDAP with the StartTLS extended operation, PostgreSQL with
# its SSLRequest packet and MySQL/MariaDB with the SSL flag of its handshake response.
# The servers are Debian's own (Postfix, Dovecot, vsftpd, slapd, Prosody, INN's
# nnrpd, PostgreSQL, MariaDB), each run in the server namespace as its own foreground
# master process, with a configuration written into $WORK and the certificate of
# www.example.test from CA A; they are stopped by their PID at the end of the scenario.
# The clients are swaks, curl, openssl s_client -starttls, ldapsearch -ZZ, psql and the
# mariadb client; where a client can write a key log (s_client, curl) it does.
#
# What the wire shows (live), as these captures show:
#   - a successful upgrade: the server's go-ahead in clear text (220, OK, +OK, 234,
#     an LDAP extendedResp with resultCode success(0), XMPP <proceed/>, 382, 'S'), then
#     the ClientHello on the same connection;
#   - a refused upgrade: the server's answer to the command (SMTP 454, IMAP BAD,
#     FTP 530, LDAP resultCode protocolError(2), PostgreSQL 'N'), then the client
#     quits, closes or goes on in clear text;
#   - an upgrade the server never offers: the capability list lacks it and a client
#     that requires TLS quits without asking.
#
# Needs, besides what make-captures.sh needs: the servers and clients. On Debian:
#   apt-get install postfix swaks dovecot-imapd dovecot-pop3d vsftpd slapd ldap-utils \
#       prosody inn2 postgresql mariadb-server mariadb-client

scenario_block 900 \
    starttls-smtp-postfix \
    starttls-smtp-refused \
    starttls-smtp-not-offered \
    starttls-imap-dovecot \
    starttls-pop3-dovecot \
    starttls-imap-refused \
    starttls-imap-tls13-only \
    starttls-ftp-vsftpd \
    starttls-ftp-refused \
    starttls-ldap-slapd \
    starttls-ldap-refused \
    starttls-postgresql \
    starttls-postgresql-refused \
    starttls-mysql-mariadb \
    starttls-mysql-no-ssl \
    starttls-xmpp-prosody \
    starttls-nntp-inn \
    starttls-smtp-cert-expired

# st_need TOOL...: the servers are not in make-captures.sh's own list of tools.
st_need() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null || [ -x "$t" ] ||
            die "$t missing (see the header of scenarios-starttls.sh)"
    done
}

# st_both WHAT FILTER [COUNT] [KEYLOG]: the same check at both ends.
st_both() {
    check "$FILE" "$1" "$2" "${3:-}" "${4:-}"
    check "$OTHER_FILE" "$1" "$2" "${3:-}" "${4:-}"
}

# The first segment of a ClientHello or ServerHello (a handshake record whose first
# message is of that type), for connections Wireshark does not follow into TLS.
ST_CLIENT_HELLO='tcp.len > 5 && tcp.payload[0:1] == 16 && tcp.payload[5:1] == 01'
ST_SERVER_HELLO='tcp.len > 5 && tcp.payload[0:1] == 16 && tcp.payload[5:1] == 02'

# st_no_hello: no TLS byte at all, at either end: the upgrade never happened.
st_no_hello() {
    no_packets "$FILE" "a ClientHello" "tls.handshake.type==1 || $ST_CLIENT_HELLO"
    no_packets "$OTHER_FILE" "a ClientHello" "tls.handshake.type==1 || $ST_CLIENT_HELLO"
}

# st_log_has NAME WORDS: $WORK/NAME.log says what the scenario claims.
st_log_has() {
    grep -qF -- "$2" "$WORK/$1.log" ||
        die "$SC: $1.log lacks \"$2\": $(tail -n 3 "$WORK/$1.log" || true)"
}

# st_ip_cert: a certificate for www.example.test that also names the address S4 (clients
# given an address, not a name, check it against the certificate), from CA A, made
# once per run: $PKI/server-ip.pem and .key.
st_ip_cert() {
    [ -s "$PKI/server-ip.pem" ] ||
        mkcert server-ip caA www.example.test "DNS:www.example.test,IP:$S4" serverAuth \
            rsa:2048 0x1901
}

# st_client NAME CMD...: a client in the client namespace under timeout, its output
# appended to $WORK/NAME.log.
st_client() {
    local name=$1
    shift
    in_c timeout "$TIMEOUT" "$@" </dev/null >>"$WORK/$name.log" 2>&1 || true
}

# st_s_client PROTO PORT ARGS...: openssl s_client -starttls PROTO to the server, trusting
# CA A, writing the key log; its input (a protocol's goodbye, given on standard input)
# is kept open for a second so that the server's answers arrive first.
st_s_client() {
    local proto=$1 port=$2
    shift 2
    { cat; sleep 1; } | in_c timeout "$TIMEOUT" openssl s_client -connect "$S4:$port" \
        -starttls "$proto" -CAfile "$PKI/caA.pem" -verify_return_error -ign_eof \
        -keylogfile "$KEYLOG" "$@" >>"$WORK/$SC-client.log" 2>&1 || true
}

# ---------------------------------------------------------------------------------------
# SMTP: Postfix 3.7.

# postfix_conf DIR TLS_LEVEL [PARAMETER=VALUE...]: a Postfix instance in $WORK/DIR with
# its own queue and data directories, listening on S4:25 only, logging to
# $WORK/DIR.log (postlogd). TLS_LEVEL is smtpd_tls_security_level (none, may). No
# daemon runs chrooted and only the services an SMTP dialogue needs are in master.cf.
postfix_conf() {
    local dir=$WORK/$1 level=$2 line
    shift 2
    rm -rf "$dir"
    mkdir -p "$dir/etc" "$dir/spool" "$dir/data"
    chown postfix "$dir/data"
    cat >"$dir/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $dir/spool
data_directory = $dir/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.example.test
mydomain = example.test
mydestination = example.test
inet_interfaces = $S4
inet_protocols = ipv4
mynetworks = 198.18.0.0/15
alias_maps =
alias_database =
local_recipient_maps =
maillog_file = $dir.log
maillog_file_prefixes = $WORK
smtpd_banner = \$myhostname ESMTP
smtpd_tls_security_level = $level
smtpd_tls_cert_file = $PKI/server.pem
smtpd_tls_key_file = $PKI/server.key
smtpd_tls_loglevel = 1
EOF
    for line in "$@"; do
        postconf -c "$dir/etc" -e "$line"
    done
    cat >"$dir/etc/master.cf" <<'EOF'
smtp      inet  n       -       n       -       -       smtpd
postlog   unix-dgram n  -       n       -       1       postlogd
anvil     unix  -       -       n       -       1       anvil
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
proxymap  unix  -       -       n       -       -       proxymap
EOF
}

# postfix_bg DIR: check (creating the queue's directories) and run the master of the
# instance in $WORK/DIR in the foreground (-d), stopped by its PID.
postfix_bg() {
    local dir=$WORK/$1
    st_need postfix
    # The daemons run as the postfix user: they must be able to pass through $WORK.
    chmod 711 "$WORK"
    in_s postfix -c "$dir/etc" check >"$WORK/$1-check.log" 2>&1 ||
        die "postfix check: $(cat "$WORK/$1-check.log")"
    bg "$NS_S" "$1-master" /usr/lib/postfix/sbin/master -c "$dir/etc" -d
    wait_listen "$NS_S" 25
}

# Wireshark 4.0 splits an SMTP command after its first four characters: STARTTLS is
# the command "STAR" with the parameter "TLS".
SMTP_STARTTLS='smtp.req.command == "STAR" && smtp.req.parameter == "TLS"'

# st_swaks ARGS...: swaks to the server as a client that requires TLS; it stops after
# the EHLO that follows the upgrade (or after the refusal) and says QUIT.
st_swaks() {
    st_need swaks
    st_client "$SC-client" swaks --server "$S4" --port 25 --ehlo client.example.test \
        --from alice@example.test --to bob@example.test --quit-after helo "$@"
}

sc_starttls_smtp_postfix() {
    # Postfix offers STARTTLS (smtpd_tls_security_level = may); swaks takes it up
    # (TLS 1.3), then openssl s_client -starttls smtp with TLS 1.2 and the key log.
    postfix_conf postfix may
    postfix_bg postfix
    cap_start "$FILE"
    client_port 1
    st_swaks --tls
    client_port 2
    printf 'QUIT\r\n' | st_s_client smtp 25 -tls1_2 -servername www.example.test
    cap_stop
    expect ok "SMTP STARTTLS"
    expect ok "SMTP STARTTLS"
    st_both "STARTTLS offered in the EHLO answers" 'smtp.rsp.parameter contains "STARTTLS"' 2
    st_both "the STARTTLS commands" "$SMTP_STARTTLS" 2
    st_both "the server's go-ahead" 'smtp.response.code == 220 && smtp.rsp.parameter contains "Ready to start TLS"' 2
    st_both "two ClientHellos" 'tls.handshake.type==1' 2
    st_both "two ServerHellos" 'tls.handshake.type==2' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
}

sc_starttls_smtp_refused() {
    # Postfix offers STARTTLS but cannot load its key (the file named does not exist):
    # it answers the command with 454 and stays in clear text. swaks, which requires
    # TLS, closes the connection (FIN) without a QUIT.
    postfix_conf postfix may "smtpd_tls_key_file = $WORK/missing.key"
    postfix_bg postfix
    cap_start "$FILE"
    client_port 1
    st_swaks --tls
    cap_stop
    expect not_tls "upgrade.refused 454"
    st_both "the STARTTLS command" "$SMTP_STARTTLS" 1
    st_both "the 454 answer" 'smtp.response.code == 454' 1
    no_packets "$FILE" "a command after the refusal" 'smtp.req.command == "QUIT"'
    st_both "the client's FIN" "tcp.flags.fin==1 && ip.src==$C4" 1
    st_no_hello
    st_log_has postfix "cannot get RSA private key"
}

sc_starttls_smtp_not_offered() {
    # Postfix without TLS (smtpd_tls_security_level = none): the EHLO answer lacks
    # STARTTLS; swaks --tls and curl --ssl-reqd both require it and end the dialogue
    # without asking: swaks with QUIT, curl by closing the connection.
    postfix_conf postfix none
    postfix_bg postfix
    cap_start "$FILE"
    client_port 1
    st_swaks --tls
    client_port 2
    curl_c --ssl-reqd --mail-from alice@example.test --mail-rcpt bob@example.test \
        -T /dev/null "smtp://$S4/client.example.test"
    cap_stop
    expect not_tls "upgrade.not_offered SMTP"
    expect not_tls "upgrade.not_offered SMTP"
    st_both "two EHLO commands" 'smtp.req.command == "EHLO"' 2
    no_packets "$FILE" "STARTTLS offered" 'smtp.rsp.parameter contains "STARTTLS"'
    no_packets "$FILE" "a STARTTLS command" "$SMTP_STARTTLS"
    st_both "swaks's QUIT" 'smtp.req.command == "QUIT"' 1
    st_both "the clients' FINs" "tcp.flags.fin==1 && ip.src==$C4" 2
    st_no_hello
}

# ---------------------------------------------------------------------------------------
# IMAP and POP3: Dovecot 2.3.

# dovecot_conf NAME SSL [SETTING...]: a Dovecot instance for IMAP (143) and POP3 (110)
# on S4, its runtime and state directories in $WORK/NAME, logging to $WORK/NAME.log.
# SSL is the ssl setting (yes: offers STARTTLS/STLS, no: offers nothing); the implicit
# TLS ports (993, 995) are off. One user, alice, with a fixed password and an empty
# mailbox in $WORK.
dovecot_conf() {
    local dir=$WORK/$1 ssl=$2 line
    shift 2
    rm -rf "$dir"
    mkdir -p "$dir/run" "$dir/state" "$dir/mail"
    chown dovecot "$dir/mail"
    cat >"$dir/dovecot.conf" <<EOF
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir.log
protocols = imap pop3
listen = $S4
ssl = $ssl
ssl_cert = <$PKI/server.pem
ssl_key = <$PKI/server.key
default_internal_user = dovecot
default_login_user = dovenull
disable_plaintext_auth = yes
auth_mechanisms = plain
mail_location = maildir:$dir/mail/%u
first_valid_uid = 100
passdb {
  driver = static
  args = password=secret
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$dir/mail/%u
}
service imap-login {
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3s {
    port = 0
  }
}
EOF
    for line in "$@"; do
        printf '%s\n' "$line" >>"$dir/dovecot.conf"
    done
}

# dovecot_bg NAME: run the instance in the foreground (-F), stopped by its PID.
dovecot_bg() {
    st_need dovecot
    chmod 711 "$WORK"
    bg "$NS_S" "$1-master" dovecot -F -c "$WORK/$1/dovecot.conf"
    wait_listen "$NS_S" 143
    wait_listen "$NS_S" 110
}

IMAP_STARTTLS='imap.request.command == "STARTTLS"'

sc_starttls_imap_dovecot() {
    # Dovecot offers STARTTLS; openssl s_client -starttls imap takes it up (TLS 1.3)
    # and logs out, then curl --ssl-reqd (TLS 1.2) logs in and lists the mailbox.
    dovecot_conf dovecot yes
    dovecot_bg dovecot
    cap_start "$FILE"
    client_port 1
    printf 'a LOGOUT\r\n' | st_s_client imap 143 -tls1_3 -servername www.example.test
    client_port 2
    curl_c --ssl-reqd --cacert "$PKI/caA.pem" --tlsv1.2 --tls-max 1.2 -u alice:secret \
        "imap://www.example.test/" --resolve "www.example.test:143:$S4"
    cap_stop
    expect ok "IMAP STARTTLS"
    expect ok "IMAP STARTTLS"
    st_both "STARTTLS offered" "imap.line contains \"STARTTLS\" && ip.src==$S4"
    st_both "the STARTTLS commands" "$IMAP_STARTTLS" 2
    st_both "two ClientHellos" 'tls.handshake.type==1' 2
    st_both "two ServerHellos" 'tls.handshake.type==2' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    st_log_has dovecot "Login: user=<alice>, method=PLAIN"
}

sc_starttls_pop3_dovecot() {
    # Dovecot's POP3 offers STLS in its CAPA answer; openssl s_client -starttls pop3
    # sends STLS, gets +OK and upgrades (TLS 1.3), then says QUIT.
    dovecot_conf dovecot yes
    dovecot_bg dovecot
    cap_start "$FILE"
    client_port 1
    printf 'QUIT\r\n' | st_s_client pop3 110 -tls1_3 -servername www.example.test
    cap_stop
    expect ok "POP3 STLS"
    st_both "the STLS command" 'pop.request.command == "STLS"' 1
    st_both "the server's +OK" 'pop.response.indicator == "+OK"'
    st_both "a ClientHello" 'tls.handshake.type==1' 1
    st_both "a ServerHello" 'tls.handshake.type==2' 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
}

sc_starttls_imap_refused() {
    # Dovecot with ssl = no: CAPABILITY lacks STARTTLS. openssl s_client -starttls imap
    # sends STARTTLS anyway, gets a BAD answer, and (not reading it) sends its
    # ClientHello all the same; Dovecot reads it as bad IMAP commands (BAD, then BYE)
    # and closes: the dialogue stays clear text. curl --ssl-reqd
    # sees no STARTTLS in the capabilities and logs out without asking.
    dovecot_conf dovecot no
    dovecot_bg dovecot
    cap_start "$FILE"
    client_port 1
    st_s_client imap 143 -servername www.example.test </dev/null
    client_port 2
    curl_c --ssl-reqd --cacert "$PKI/caA.pem" -u alice:secret \
        "imap://www.example.test/" --resolve "www.example.test:143:$S4"
    cap_stop
    expect not_tls "upgrade.refused BAD"
    expect not_tls "upgrade.not_offered IMAP"
    no_packets "$FILE" "STARTTLS offered" "imap.line contains \"STARTTLS\" && ip.src==$S4"
    st_both "one STARTTLS command" "$IMAP_STARTTLS" 1
    st_both "the BAD answer" 'imap.response.status == "BAD"'
    st_both "the BYE after the hello" 'imap.line contains "BYE Too many invalid IMAP commands"' 1
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_starttls_imap_tls13_only() {
    # The upgrade succeeds but TLS fails behind it: Dovecot speaks TLS 1.3 only
    # (ssl_min_protocol), openssl s_client -starttls imap offers TLS 1.2 only. Dovecot
    # sends no alert: its log says "unsupported protocol" and it closes the connection
    # (FIN) right after the ClientHello; the client answers with decode_error(50).
    dovecot_conf dovecot yes "ssl_min_protocol = TLSv1.3"
    dovecot_bg dovecot
    cap_start "$FILE"
    client_port 1
    printf 'a LOGOUT\r\n' | st_s_client imap 143 -tls1_2 -servername www.example.test
    cap_stop
    expect server_reset "close.server closed IMAP STARTTLS"
    st_both "the STARTTLS command" "$IMAP_STARTTLS" 1
    st_both "a ClientHello" 'tls.handshake.type==1' 1
    no_packets "$FILE" "a TLS byte from the server" "tls && ip.src==$S4"
    st_both "the server's FIN" "tcp.flags.fin==1 && ip.src==$S4" 1
    st_log_has dovecot "unsupported protocol"
}

# ---------------------------------------------------------------------------------------
# FTP: vsftpd 3.0.

# vsftpd_conf NAME SSL_ENABLE: an anonymous, read-only vsftpd on S4:21 serving
# $WORK/www, in the foreground (background=NO), logging to $WORK/NAME.log. With
# SSL_ENABLE=YES it accepts AUTH TLS (TLS 1.2 and 1.3, no session reuse required on
# the data connection); with NO it refuses it.
vsftpd_conf() {
    local dir=$WORK/$1
    rm -rf "$dir"
    mkdir -p "$dir/empty"
    cat >"$dir/vsftpd.conf" <<EOF
listen=YES
listen_address=$S4
background=NO
anonymous_enable=YES
no_anon_password=YES
local_enable=NO
write_enable=NO
anon_root=$WORK/www
secure_chroot_dir=$dir/empty
seccomp_sandbox=NO
pasv_min_port=30000
pasv_max_port=30000
vsftpd_log_file=$dir.log
xferlog_enable=YES
dual_log_enable=YES
log_ftp_protocol=YES
ssl_enable=$2
allow_anon_ssl=YES
force_anon_logins_ssl=NO
force_anon_data_ssl=NO
require_ssl_reuse=NO
rsa_cert_file=$PKI/server.pem
rsa_private_key_file=$PKI/server.key
EOF
}

# vsftpd_bg NAME: run it, stopped by its PID.
vsftpd_bg() {
    st_need vsftpd
    chmod 711 "$WORK"
    bg "$NS_S" "$1-master" vsftpd "$WORK/$1/vsftpd.conf"
    wait_listen "$NS_S" 21
}

sc_starttls_ftp_vsftpd() {
    # vsftpd accepts AUTH TLS and AUTH SSL (234). openssl s_client -starttls ftp
    # upgrades with AUTH TLS (TLS 1.3; vsftpd asks for an optional client certificate
    # and answers the first ClientHello with a HelloRetryRequest for its own group) and
    # says QUIT; vsftpd answers 221 and closes without close_notify, so s_client sends
    # decode_error(50) after the end. curl --ssl-reqd -I (TLS 1.2) upgrades with AUTH
    # SSL, logs in anonymously and asks the size and date of hello.txt on the control
    # connection alone (no data connection).
    vsftpd_conf vsftpd YES
    vsftpd_bg vsftpd
    cap_start "$FILE"
    client_port 1
    printf 'QUIT\r\n' | st_s_client ftp 21 -tls1_3 -servername www.example.test
    client_port 2
    curl_c --ssl-reqd --cacert "$PKI/caA.pem" --tlsv1.2 --tls-max 1.2 -I \
        "ftp://www.example.test/hello.txt" --resolve "www.example.test:21:$S4"
    cap_stop
    expect ok "FTP AUTH"
    expect ok "FTP AUTH"
    st_both "AUTH TLS and AUTH SSL" 'ftp.request.command == "AUTH"' 2
    st_both "the server's 234 answers" 'ftp.response.code == 234' 2
    # Wireshark follows AUTH TLS into TLS but not AUTH SSL: the hellos are found by
    # their first bytes.
    st_both "two ClientHellos" "$ST_CLIENT_HELLO" 2
    st_both "ServerHellos" "$ST_SERVER_HELLO && ip.src==$S4"
    no_packets "$FILE" "fatal alerts from the server" "tls.alert_message.level==2 && ip.src==$S4" "$KEYLOG"
    no_packets "$FILE" "a data connection" 'tcp.port == 30000'
}

sc_starttls_ftp_refused() {
    # vsftpd with ssl_enable=NO answers AUTH TLS with "530 Please login with USER and
    # PASS." and so AUTH SSL; curl --ssl-reqd tries both, gets 530 twice and closes
    # the connection.
    vsftpd_conf vsftpd NO
    vsftpd_bg vsftpd
    cap_start "$FILE"
    client_port 1
    curl_c --ssl-reqd --cacert "$PKI/caA.pem" -I \
        "ftp://www.example.test/hello.txt" --resolve "www.example.test:21:$S4"
    cap_stop
    expect not_tls "upgrade.refused 530"
    st_both "the AUTH commands" 'ftp.request.command == "AUTH"' 2
    st_both "the 530 answers" 'ftp.response.code == 530' 2
    st_no_hello
}

# ---------------------------------------------------------------------------------------
# LDAP: OpenLDAP slapd 2.5 (built with GnuTLS), ldapsearch.

# slapd_conf NAME TLS: a slapd.conf for an empty mdb database under dc=example,dc=test
# in $WORK/NAME; with TLS=yes it has a certificate (StartTLS works), with TLS=no none
# (the StartTLS operation is refused).
slapd_conf() {
    local dir=$WORK/$1
    rm -rf "$dir"
    mkdir -p "$dir/db"
    cat >"$dir/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
pidfile $dir/slapd.pid
argsfile $dir/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
suffix "dc=example,dc=test"
rootdn "cn=admin,dc=example,dc=test"
directory $dir/db
EOF
    if [ "$2" = yes ]; then
        st_ip_cert
        # Global settings: before the first database.
        sed -i "1a TLSCertificateFile $PKI/server-ip.pem\nTLSCertificateKeyFile $PKI/server-ip.key" \
            "$dir/slapd.conf"
    fi
}

# slapd_bg NAME: slapd listening on ldap://S4/ only, in the foreground (-d 0 does not
# detach), stopped by its PID.
slapd_bg() {
    st_need slapd
    bg "$NS_S" "$1-master" slapd -d 0 -h "ldap://$S4/" -f "$WORK/$1/slapd.conf"
    wait_listen "$NS_S" 389
}

# st_ldapsearch OPTION: ldapsearch for the root DSE with StartTLS (-Z: try it, -ZZ:
# require it), trusting CA A.
st_ldapsearch() {
    st_need ldapsearch
    st_client "$SC-client" env LDAPTLS_CACERT="$PKI/caA.pem" ldapsearch "$1" -x \
        -H "ldap://$S4/" -b "" -s base namingContexts
}

LDAP_STARTTLS='ldap.requestName == "1.3.6.1.4.1.1466.20037"'

sc_starttls_ldap_slapd() {
    # slapd with a certificate: ldapsearch -ZZ sends the StartTLS extended request,
    # gets success(0), upgrades (TLS 1.3, GnuTLS at both ends) and reads the root DSE.
    slapd_conf slapd yes
    slapd_bg slapd
    cap_start "$FILE"
    client_port 1
    st_ldapsearch -ZZ
    cap_stop
    expect ok "LDAP StartTLS"
    st_both "the StartTLS request" "$LDAP_STARTTLS" 1
    st_both "its success answer" 'ldap.protocolOp == 24 && ldap.resultCode == 0' 1
    st_both "a ClientHello" 'tls.handshake.type==1' 1
    st_both "a ServerHello" 'tls.handshake.type==2' 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2'
    grep -q '^namingContexts: dc=example,dc=test' "$WORK/$SC-client.log" ||
        die "$SC: ldapsearch did not read the root DSE"
}

sc_starttls_ldap_refused() {
    # slapd without a certificate does not know the StartTLS operation: resultCode
    # protocolError(2), "unsupported extended operation". ldapsearch -ZZ gives up
    # (unbind, close);
    # ldapsearch -Z goes on in clear text and reads the root DSE.
    slapd_conf slapd no
    slapd_bg slapd
    cap_start "$FILE"
    client_port 1
    st_ldapsearch -ZZ
    client_port 2
    st_ldapsearch -Z
    cap_stop
    expect not_tls "upgrade.refused 2"
    expect not_tls "upgrade.refused 2 clear"
    st_both "the StartTLS requests" "$LDAP_STARTTLS" 2
    st_both "their refusal" 'ldap.protocolOp == 24 && ldap.resultCode == 2' 2
    st_both "the clear-text search after the second" 'ldap.protocolOp == 3' 1
    st_no_hello
}

# ---------------------------------------------------------------------------------------
# PostgreSQL 15: the client asks with an SSLRequest packet, the server answers one byte,
# 'S' (go ahead with TLS) or 'N' (no TLS here).

PG_BIN=/usr/lib/postgresql/15/bin

# AS_POSTGRES CMD...: run CMD as the postgres user (setpriv execs it: no process in
# between, so the PID bg records is the server's).
AS_POSTGRES=(setpriv --reuid=postgres --regid=postgres --init-groups)

# pg_cluster NAME SSL: a new cluster in $WORK/NAME (initdb), listening on S4:5432 with
# its socket in $WORK/NAME, every client of 198.18.0.0/15 trusted; SSL on (the key
# copied into the cluster, which PostgreSQL requires to be the server's own and private)
# or off.
pg_cluster() {
    local dir=$WORK/$1
    st_need "$PG_BIN/initdb" psql
    chmod 711 "$WORK"
    rm -rf "$dir"
    mkdir -p "$dir"
    chown postgres "$dir"
    "${AS_POSTGRES[@]}" "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres --no-sync \
        >"$WORK/$1-initdb.log" 2>&1 || die "initdb: $(tail -n 3 "$WORK/$1-initdb.log")"
    echo "host all all 198.18.0.0/15 trust" >"$dir/data/pg_hba.conf"
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '$S4'
port = 5432
unix_socket_directories = '$dir'
log_connections = on
ssl = $2
EOF
    if [ "$2" = on ]; then
        st_ip_cert
        install -o postgres -m 600 "$PKI/server-ip.pem" "$dir/data/server.crt"
        install -o postgres -m 600 "$PKI/server-ip.key" "$dir/data/server.key"
    fi
}

# pg_bg NAME: the postmaster of that cluster in the foreground, stopped by its PID.
pg_bg() {
    bg "$NS_S" "$1-master" "${AS_POSTGRES[@]}" "$PG_BIN/postgres" -D "$WORK/$1/data"
    wait_listen "$NS_S" 5432
}

# st_psql SSLMODE [CONNINFO...]: psql asking one query, with that sslmode, trusting CA A.
st_psql() {
    local mode=$1
    shift
    st_client "$SC-client" psql "host=$S4 dbname=postgres user=postgres sslmode=$mode sslrootcert=$PKI/caA.pem $*" \
        -c 'select 1 as answer'
}

sc_starttls_postgresql() {
    # psql with sslmode=verify-full (the certificate names the address; TLS 1.3) and
    # sslmode=require (TLS 1.2): SSLRequest, 'S', TLS, then the query inside TLS. The
    # server's only group is P-256 (ssl_ecdh_curve), so the TLS 1.3 ClientHello, with
    # an X25519 key share, gets a HelloRetryRequest.
    pg_cluster pg on
    pg_bg pg
    cap_start "$FILE"
    client_port 1
    st_psql verify-full
    client_port 2
    st_psql require ssl_max_protocol_version=TLSv1.2
    cap_stop
    expect ok "PostgreSQL SSLRequest"
    expect ok "PostgreSQL SSLRequest"
    st_both "two SSLRequests" 'pgsql.type == "SSL request"' 2
    st_both "three ClientHellos" 'tls.handshake.type==1' 3
    st_both "a HelloRetryRequest for secp256r1" 'tls.handshake.extensions_key_share_selected_group==23' 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2'
    [ "$(grep -c '^ *1$' "$WORK/$SC-client.log")" -eq 2 ] ||
        die "$SC: psql did not get its answers: $(cat "$WORK/$SC-client.log")"
}

sc_starttls_postgresql_refused() {
    # ssl = off: the server answers the SSLRequest with 'N'. psql with
    # sslmode=require closes the connection; with sslmode=prefer it sends its startup
    # message in clear text and asks its query there.
    pg_cluster pg off
    pg_bg pg
    cap_start "$FILE"
    client_port 1
    st_psql require
    client_port 2
    st_psql prefer
    cap_stop
    expect not_tls "upgrade.refused N"
    expect not_tls "upgrade.refused N clear"
    st_both "two SSLRequests" 'pgsql.type == "SSL request"' 2
    st_both "the clear-text query of the second" 'pgsql.query contains "select 1"' 1
    st_no_hello
    grep -q 'server does not support SSL, but SSL was required' "$WORK/$SC-client.log" ||
        die "$SC: psql sslmode=require did not give up: $(cat "$WORK/$SC-client.log")"
}

# ---------------------------------------------------------------------------------------
# MySQL protocol: MariaDB 10.11. The server's greeting says whether it can do SSL (the
# CLIENT_SSL capability); a client that wants TLS answers with a short login request
# carrying that flag and starts its ClientHello right after it.

# mariadb_bg NAME SSL: a new data directory in $WORK/NAME (mariadb-install-db) and
# mariadbd on S4:3306 in the foreground, stopped by its PID, with no grant tables (any
# user may log in) and its log in $WORK/NAME.log; SSL=yes gives it the certificate,
# SSL=no starts it with --skip-ssl (no CLIENT_SSL in its greeting).
mariadb_bg() {
    local dir=$WORK/$1 ssl_opts=(--skip-ssl) i
    st_need mariadbd mariadb-install-db mariadb
    rm -rf "$dir"
    mkdir -p "$dir"
    in_s mariadb-install-db --no-defaults --datadir="$dir/data" --user=root \
        --auth-root-authentication-method=normal --skip-test-db \
        >"$WORK/$1-install.log" 2>&1 || die "mariadb-install-db: $(tail -n 3 "$WORK/$1-install.log")"
    if [ "$2" = yes ]; then
        st_ip_cert
        ssl_opts=(--ssl-cert="$PKI/server-ip.pem" --ssl-key="$PKI/server-ip.key")
    fi
    bg "$NS_S" "$1-master" mariadbd --no-defaults --datadir="$dir/data" --user=root \
        --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" --bind-address="$S4" \
        --port=3306 --skip-grant-tables --skip-log-bin --log-error="$dir.log" \
        "${ssl_opts[@]}"
    # InnoDB takes a few seconds to start.
    for i in 1 2 3 4; do
        in_s ss -Hltn "sport = :3306" | grep -q . && return 0
        sleep 2
    done
    wait_listen "$NS_S" 3306
}

# st_mariadb OPTION...: the mariadb client asking one query, trusting CA A.
st_mariadb() {
    st_client "$SC-client" mariadb --no-defaults -h "$S4" -P 3306 -u app \
        --ssl-ca="$PKI/caA.pem" "$@" -e 'select 1 as answer'
}

MYSQL_SSL_REQUEST='mysql.login_request && mysql.caps.sl == 1'

sc_starttls_mysql_mariadb() {
    # MariaDB offers SSL; the client with --ssl-verify-server-cert (the certificate
    # names the address; TLS 1.3) and with --ssl --tls-version=TLSv1.2 switches to TLS
    # after the greeting, then logs in and asks its query inside TLS.
    mariadb_bg mariadb yes
    cap_start "$FILE"
    client_port 1
    st_mariadb --ssl --ssl-verify-server-cert
    client_port 2
    st_mariadb --ssl --tls-version=TLSv1.2
    cap_stop
    expect ok "MySQL SSL"
    expect ok "MySQL SSL"
    st_both "greetings offering SSL" "mysql.caps.sl == 1 && ip.src==$S4" 2
    st_both "two SSL requests" "$MYSQL_SSL_REQUEST" 2
    st_both "two ClientHellos" 'tls.handshake.type==1' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2'
    [ "$(grep -c '^1$' "$WORK/$SC-client.log")" -eq 2 ] ||
        die "$SC: mariadb did not get its answers: $(cat "$WORK/$SC-client.log")"
}

sc_starttls_mysql_no_ssl() {
    # MariaDB started with --skip-ssl: its greeting lacks CLIENT_SSL. The client with
    # --ssl-verify-server-cert requires TLS and gives up without sending anything.
    mariadb_bg mariadb no
    cap_start "$FILE"
    client_port 1
    st_mariadb --ssl --ssl-verify-server-cert
    cap_stop
    expect not_tls "upgrade.not_offered MySQL"
    st_both "the greeting without SSL" "mysql.caps.sl == 0 && ip.src==$S4" 1
    no_packets "$FILE" "a login request" 'mysql.login_request'
    st_no_hello
    st_log_has "$SC-client" "SSL"
}

# ---------------------------------------------------------------------------------------
# XMPP: Prosody 0.12.

# prosody_bg NAME: Prosody serving the domain example.test to clients on S4:5222 (no
# server-to-server, no direct-TLS port), STARTTLS required before anything else, in
# the foreground (-F), its data and log in $WORK, stopped by its PID.
prosody_bg() {
    local dir=$WORK/$1
    st_need prosody
    rm -rf "$dir"
    mkdir -p "$dir/data"
    cat >"$dir/prosody.cfg.lua" <<EOF
run_as_root = true
pidfile = "$dir/prosody.pid"
data_path = "$dir/data"
log = { info = "$dir.log" }
interfaces = { "$S4" }
c2s_ports = { 5222 }
c2s_direct_tls_ports = { }
s2s_ports = { }
modules_enabled = { "tls", "saslauth", "disco", "ping" }
modules_disabled = { "s2s" }
c2s_require_encryption = true
authentication = "internal_hashed"
VirtualHost "example.test"
    ssl = { certificate = "$PKI/server.pem"; key = "$PKI/server.key"; }
EOF
    bg "$NS_S" "$1-master" prosody -F --config "$dir/prosody.cfg.lua"
    wait_listen "$NS_S" 5222
}

sc_starttls_xmpp_prosody() {
    # Prosody requires STARTTLS (<starttls><required/></starttls> in its features);
    # openssl s_client -starttls xmpp -xmpphost example.test asks, gets <proceed/>,
    # upgrades (TLS 1.3) and ends the stream. Prosody ends its own with close_notify
    # and closes at once: the client's close_notify that follows gets resets.
    prosody_bg prosody
    cap_start "$FILE"
    client_port 1
    printf '</stream:stream>' | st_s_client xmpp 5222 -xmpphost example.test -tls1_3 \
        -servername www.example.test
    cap_stop
    expect ok "XMPP STARTTLS"
    # Wireshark shows the stream features without fields of their own: the XML tags.
    st_both "STARTTLS offered and required" \
        "xml.tag contains \"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>\" && xml.tag == \"<required/>\" && ip.src==$S4" 1
    st_both "the client's starttls" "xmpp.starttls && ip.src==$C4" 1
    st_both "the server's proceed" 'xmpp.proceed' 1
    st_both "a ClientHello" 'tls.handshake.type==1' 1
    st_both "a ServerHello" 'tls.handshake.type==2' 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
}

# ---------------------------------------------------------------------------------------
# NNTP: INN 2.7, innd handing reader connections to nnrpd.

# inn_stop NAME: innd -f ignores SIGTERM (it is stopped through its control channel):
# ctlinnd shutdown, then the PID bg recorded ends by itself.
inn_stop() {
    in_s env INNCONF="$WORK/$1/etc/inn.conf" /usr/lib/news/bin/ctlinnd -t 5 shutdown "end of scenario" \
        >>"$WORK/$1-master.log" 2>&1 || true
}

# inn_bg NAME: innd -f (foreground) on S4:119 with an inn.conf of its own (INNCONF):
# every path (configuration, database, spool, overview, logs, run) under $WORK/NAME,
# owned by news, which innd and nnrpd run as; Debian's configuration files with a
# readers.conf letting 198.18.0.0/15 read, and the certificate for nnrpd's STARTTLS.
inn_bg() {
    local dir=$WORK/$1 p
    st_need /usr/lib/news/bin/innd
    chmod 711 "$WORK"
    rm -rf "$dir"
    mkdir -p "$dir/db" "$dir/log" "$dir/run" "$dir/http" "$dir/spool/incoming/tmp"
    for p in archive articles outgoing overview; do
        mkdir -p "$dir/spool/$p"
    done
    cp -r /etc/news "$dir/etc"
    cp -a /var/lib/news/. "$dir/db/"
    cp "$PKI/server.pem" "$dir/etc/cert.pem"
    install -m 600 "$PKI/server.key" "$dir/etc/key.pem"
    grep -v -E '^(path[a-z]*|bindaddress|domain|tls[a-z]*file):' /etc/news/inn.conf \
        >"$dir/etc/inn.conf"
    cat >>"$dir/etc/inn.conf" <<EOF
pathhost:                    news.example.test
pathnews:                    /usr/lib/news
pathbin:                     /usr/lib/news/bin
pathcontrol:                 /usr/lib/news/bin/control
pathfilter:                  /etc/news/filter
pathetc:                     $dir/etc
pathdb:                      $dir/db
pathspool:                   $dir/spool
patharchive:                 $dir/spool/archive
patharticles:                $dir/spool/articles
pathincoming:                $dir/spool/incoming
pathtmp:                     $dir/spool/incoming/tmp
pathoutgoing:                $dir/spool/outgoing
pathoverview:                $dir/spool/overview
pathlog:                     $dir/log
pathrun:                     $dir/run
pathhttp:                    $dir/http
bindaddress:                 $S4
domain:                      example.test
tlscertfile:                 $dir/etc/cert.pem
tlskeyfile:                  $dir/etc/key.pem
EOF
    cat >"$dir/etc/readers.conf" <<EOF
auth "testnet" {
    hosts: "198.18.0.0/15"
    default: "<testnet>"
}
access "testnet" {
    users: "<testnet>"
    newsgroups: "*"
    access: R
}
EOF
    chown -R news:news "$dir"
    bg "$NS_S" "$1-master" env INNCONF="$dir/etc/inn.conf" /usr/lib/news/bin/innd -f
    wait_listen "$NS_S" 119
}

sc_starttls_nntp_inn() {
    # nnrpd (started by innd for a reader) lists STARTTLS in its CAPABILITIES; openssl
    # s_client -starttls nntp sends it, gets 382, upgrades (TLS 1.3) and says QUIT.
    inn_bg inn
    cap_start "$FILE"
    client_port 1
    printf 'QUIT\r\n' | st_s_client nntp 119 -tls1_3 -servername www.example.test
    cap_stop
    inn_stop inn
    expect ok "NNTP STARTTLS"
    st_both "STARTTLS offered" "nntp && frame contains \"STARTTLS\" && ip.src==$S4" 1
    st_both "the STARTTLS command" "nntp && frame contains \"STARTTLS\" && ip.src==$C4" 1
    st_both "the 382 answer" "nntp && frame contains \"382 Begin TLS\" && ip.src==$S4" 1
    st_both "a ClientHello" 'tls.handshake.type==1' 1
    st_both "a ServerHello" 'tls.handshake.type==2' 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
}

# ---------------------------------------------------------------------------------------
# A TLS failure behind a successful upgrade.

sc_starttls_smtp_cert_expired() {
    # Postfix's certificate (CA A) expired on 2021-01-01. The upgrade itself succeeds
    # (220 to STARTTLS); openssl s_client -starttls smtp -tls1_2, verifying, refuses
    # the certificate with certificate_expired(45) in clear.
    postfix_conf postfix may "smtpd_tls_cert_file = $PKI/server-expired.pem" \
        "smtpd_tls_key_file = $PKI/server-expired.key"
    postfix_bg postfix
    cap_start "$FILE"
    client_port 1
    printf 'QUIT\r\n' | st_s_client smtp 25 -tls1_2 -servername www.example.test
    cap_stop
    expect server_cert_rejected "certificate_expired(45) cert.expired SMTP STARTTLS"
    st_both "the STARTTLS command" "$SMTP_STARTTLS" 1
    st_both "the server's go-ahead" 'smtp.response.code == 220 && smtp.rsp.parameter contains "Ready to start TLS"' 1
    st_both "the expired certificate" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:04 && x509af.utcTime contains \"2021-01-01\"" 1
    st_both "alert certificate_expired from the client" \
        "tls.alert_message.level==2 && tls.alert_message.desc==45 && ip.src==$C4" 1
    no_packets "$FILE" "a ClientKeyExchange" 'tls.handshake.type==16'
    grep -q 'verify error:num=10:certificate has expired' "$WORK/$SC-client.log" ||
        die "$SC: s_client did not report the expired certificate"
}
