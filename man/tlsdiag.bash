# bash completion for tlsdiag (installed by make install as
# PREFIX/share/bash-completion/completions/tlsdiag).
_tlsdiag()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	# tlsdiag explain [--side client|server] [--json] MESSAGE: its own few words.
	if [[ ${COMP_WORDS[1]} == explain && $COMP_CWORD -gt 1 ]]; then
		if [[ $prev == --side ]]; then
			COMPREPLY=($(compgen -W "client server" -- "$cur"))
		elif [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--side --json --help -" -- "$cur"))
		fi
		return
	fi
	case $prev in
	-r|-w|--keylog|--summarize)
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
		return ;;
	--extract-certs)
		COMPREPLY=($(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null
		return ;;
	-i)
		COMPREPLY=($(compgen -W "any $(ls /sys/class/net 2>/dev/null)" -- "$cur"))
		return ;;
	-Z)
		COMPREPLY=($(compgen -u -- "$cur"))
		return ;;
	--class)
		local classes="ok version_mismatch no_shared_cipher missing_sni unknown_sni client_cert_missing
			client_cert_rejected server_cert_rejected middlebox_reset server_reset no_server_response
			alpn_mismatch not_tls protocol_error unknown_failure incomplete failed"
		# A comma-separated list: complete the word after the last comma.
		local done=${cur%"${cur##*,}"}
		COMPREPLY=($(compgen -P "$done" -W "$classes" -- "${cur##*,}"))
		compopt -o nospace 2>/dev/null
		return ;;
	--color|--colour)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return ;;
	--metrics)
		COMPREPLY=($(compgen -W "127.0.0.1:9793 [::1]:9793 :9793" -- "$cur"))
		return ;;
	-j|-c|--tls-ports|--vxlan-ports|--max-flows|--max-memory|--handshake-timeout|--stats-interval|--since|--until|--server|--sni)
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "-r -i -w -j -Z -c -n -a -q -u -h --json --oneline --all --utc --full --ladder --color --metrics
			--class --since --until --server --sni --keylog --tls-ports --vxlan-ports --fail-on-failures --max-flows
			--max-memory --extract-certs --replay --handshake-timeout --stats-interval --no-sandbox
			--summarize --progress --no-progress --list-rules --quiet --help --version" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
	[[ $COMP_CWORD -eq 1 ]] && COMPREPLY+=($(compgen -W "explain" -- "$cur"))
	compopt -o filenames 2>/dev/null
}
complete -F _tlsdiag tlsdiag
