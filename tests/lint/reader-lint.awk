# reader-lint.awk — finds bytes of input read around the bounded reader (include/bytes.h)
# in one C file. Run by tests/lint/reader-lint.sh, which says which files and why.
#
# The file is cut into tokens (comments, strings and preprocessor lines left out), then
# read twice:
#  1. declarations. Names declared with a byte type (uint8_t, unsigned char, u_char) as
#     a pointer or an array are remembered, each in the function that declares it (a
#     parameter or a local) or for the whole file (a struct's field):
#       F  fields of a struct declared in the file: buffers that hold input (a record
#          header being gathered, a reassembly buffer);
#       P  pointers: views that may point into a packet; "const" ones are input views;
#       A  arrays that hold input: sized array parameters (const uint8_t hdr[5]), and
#          local arrays that rd_copy, read(2) or fread(3) fill (a local array
#          only ever written by the code itself, a digest or a nonce, is not input);
#     and so are readers (struct reader), and buffers that read(2), fread(3) or
#     archive_read_data fill (input straight from a file, counted as P).
#  2. findings:
#       - a subscript that reads a P, A or F name: p[i], data[off + 1], d->hdr[0]
#         (a subscript that is written, whose address is taken, or that is the
#         destination of memcpy, memset, rd_copy ... is not a read);
#       - a dereference that reads one: *(p + n), *p++, and *p of a const view or field
#         (a non-const pointer is an out-parameter more often than input);
#       - memcpy/memmove/bcopy from a const P view or an F field (a whole copy of an A
#         array, which the reader filled, is not; a non-const pointer is the caller's
#         buffer);
#       - ntohs/ntohl and the other byte-order helpers, and word loads through a cast
#         (*(const uint32_t *)p);
#       - a reader's insides (r.p, r->left): only its accessors read it.
# Macros (preprocessor lines) are not read.
# A line is let through by a comment "reader-lint: REASON" on it or alone on the line
# above it; the reason must be given.
#
# Output: FILE:LINE: what, then the line. With -v expect=1, instead: where the lines
# marked with a comment "expect: finding" and the lines found differ, for the self-test.

function is_ident(t) { return t ~ /^[A-Za-z_][A-Za-z0-9_]*$/ }

function add_tok(t, ln) { n_tok++; tok[n_tok] = t; tline[n_tok] = ln }

# Cuts one line of code (comments and strings already blanked) into tokens.
function tokenize(s, ln,    c, m) {
	while (length(s) > 0) {
		c = substr(s, 1, 1)
		if (c == " " || c == "\t" || c == "\r") { s = substr(s, 2); continue }
		if (match(s, /^[A-Za-z_][A-Za-z0-9_]*/) || match(s, /^[0-9][A-Za-z0-9_.]*/)) {
			add_tok(substr(s, 1, RLENGTH), ln); s = substr(s, RLENGTH + 1); continue
		}
		m = substr(s, 1, 3)
		if (m == "<<=" || m == ">>=" || m == "...") { add_tok(m, ln); s = substr(s, 4); continue }
		m = substr(s, 1, 2)
		if (m == "->" || m == "++" || m == "--" || m == "<<" || m == ">>" || m == "<=" || m == ">=" ||
		    m == "==" || m == "!=" || m == "&&" || m == "||" || m == "+=" || m == "-=" || m == "*=" ||
		    m == "/=" || m == "%=" || m == "&=" || m == "|=" || m == "^=") {
			add_tok(m, ln); s = substr(s, 3); continue
		}
		add_tok(c, ln); s = substr(s, 2)
	}
}

# Blanks comments and string and character literals (state carried in in_comment),
# keeping a "" token for each string.
function strip(s,    out, c, i, n, q) {
	out = ""; n = length(s); i = 1
	while (i <= n) {
		c = substr(s, i, 1)
		if (in_comment) {
			if (substr(s, i, 2) == "*/") { in_comment = 0; i += 2; out = out " " } else i++
			continue
		}
		if (substr(s, i, 2) == "/*") { in_comment = 1; i += 2; continue }
		if (substr(s, i, 2) == "//") break
		if (c == "\"" || c == "'") {
			q = c; i++
			while (i <= n && substr(s, i, 1) != q) { if (substr(s, i, 1) == "\\") i++; i++ }
			i++
			out = out (q == "\"" ? " \"\" " : " 0 ")
			continue
		}
		out = out c; i++
	}
	return out
}

# The token after the bracket or parenthesis opened at i, balanced; n_tok + 1 if none.
function close_of(i,    open, shut, d) {
	open = tok[i]; shut = open == "(" ? ")" : open == "[" ? "]" : "}"
	d = 0
	for (; i <= n_tok; i++) {
		if (tok[i] == open) d++
		else if (tok[i] == shut && --d == 0) return i
	}
	return n_tok + 1
}

# The opening bracket of the one closed at i.
function open_of(i,    open, shut, d) {
	shut = tok[i]; open = shut == ")" ? "(" : shut == "]" ? "[" : "{"
	d = 0
	for (; i >= 1; i--) {
		if (tok[i] == shut) d++
		else if (tok[i] == open && --d == 0) return i
	}
	return 0
}

function is_assign(t) {
	return t == "=" || t == "+=" || t == "-=" || t == "*=" || t == "/=" || t == "%=" || t == "&=" ||
	       t == "|=" || t == "^=" || t == "<<=" || t == ">>=" || t == "++" || t == "--"
}

# The kind of the innermost brace around token i ("struct", "block", "init").
function scope_at_depth(i) { return tscope[i] }

function is_qualifier(t) { return t == "const" || t == "volatile" || t == "restrict" }

# Where the postfix chain ending in the name at i starts: a->b.c[k] starts at a.
function chain_start(i,    s) {
	s = i
	while (s > 2 && (tok[s - 1] == "." || tok[s - 1] == "->")) {
		if (is_ident(tok[s - 2])) s -= 2
		else if (tok[s - 2] == "]" || tok[s - 2] == ")") {
			s = open_of(s - 2)
			if (s > 1 && is_ident(tok[s - 1])) s--
		} else break
	}
	return s
}

# The call whose argument list holds token s, and which argument it is: sets
# call_name and call_arg; call_name "" when s is in no call.
function enclosing_call(s,    d, k, commas) {
	d = 0; commas = 0
	for (k = s - 1; k >= 1; k--) {
		if (tok[k] == ")" || tok[k] == "]") d++
		else if (tok[k] == "[") { if (d == 0) break; d-- }
		else if (tok[k] == "(") {
			if (d == 0) { call_name = is_ident(tok[k - 1]) ? tok[k - 1] : ""; call_arg = commas; return }
			d--
		} else if (tok[k] == "," && d == 0) commas++
		else if (tok[k] == ";" || tok[k] == "{" || tok[k] == "}") break
	}
	call_name = ""; call_arg = -1
}

# true when the chain starting at s is where a call writes, not what it reads.
function is_destination(s) {
	enclosing_call(s)
	if (call_name == "") return 0
	if (call_arg == 0 && (call_name ~ /^(memcpy|memmove|memset|snprintf|vsnprintf|strcpy|strncpy|fread)$/))
		return 1
	if (call_arg == 1 && (call_name ~ /^(rd_copy|read|pread|recv|archive_read_data)$/))
		return 1
	return 0
}

# Unary operators follow these; a binary one follows a value.
function before_unary(t) {
	return t == "" || t == "(" || t == "," || t == "=" || t == "return" || t == "!" || t == "&&" ||
	       t == "||" || t == "?" || t == ":" || t == ";" || t == "{" || t == "}" || t == "[" ||
	       t == "==" || t == "!=" || t == "<" || t == ">" || t == "<=" || t == ">=" || is_assign(t) ||
	       t == "+" || t == "-" || t == "|" || t == "^" || t == "&" || t == "<<" || t == ">>"
}

# The object a chain from s names: sets obj_name and obj_member (1 when reached through
# . or ->); returns the token after the chain.
function chain_object(s,    k) {
	obj_name = ""; obj_member = 0
	k = s
	while (k <= n_tok && is_ident(tok[k])) {
		obj_name = tok[k]
		if (tok[k + 1] == "[") k = close_of(k + 1)
		k++
		if (tok[k] == "." || tok[k] == "->") { obj_member = 1; k++ } else break
	}
	return k
}

# Whether the name at token i is input: a field through . or ->, else a name of the
# function the token is in (or of the whole file).
function tracked(i, name, member,    fn) {
	if (member) return name in kind_f
	fn = tfn[i]
	return ((fn, name) in kind_p) || ((fn, name) in kind_a) || ((0, name) in kind_p) || ((0, name) in kind_a)
}

function is_const_view(i, name, member,    fn) {
	if (member) return name in kind_f
	fn = tfn[i]
	return ((fn, name) in kind_pc) || ((0, name) in kind_pc)
}

function finding(i, what) {
	ln = tline[i]
	if (ln in allowed) return
	if ((ln SUBSEP what) in reported) return
	reported[ln, what] = 1
	found[ln] = 1
	if (!expect) {
		printf "%s:%d: %s\n\t%s\n", FILENAME, ln, what, raw[ln]
		n_findings++
	}
}

# Declarators after the byte type ending at token t: names into F, P or A (or the local
# arrays that may become A). in_params: the type stands in a parameter list (one
# declarator per type).
function declarators(t, in_params, in_struct, is_reader,    j, stars, name, d, fn, is_const) {
	j = t + 1
	fn = tfn[t]
	is_const = tok[t - 1] == "const" || (tok[t - 1] == "unsigned" && tok[t - 2] == "const") || tok[t + 1] == "const"
	for (;;) {
		stars = 0
		while (j <= n_tok && (tok[j] == "*" || is_qualifier(tok[j]))) { if (tok[j] == "*") stars++; j++ }
		if (!is_ident(tok[j]) || tok[j + 1] == "(") return   # a cast, or a function
		name = tok[j]; decl_at[j] = 1
		if (is_reader) {
			if (tok[j + 1] != "{") reader[name] = 1
		} else if (in_struct) {
			if (tok[j + 1] == "[" || stars > 0) kind_f[name] = 1
		} else if (stars > 0) {
			kind_p[fn, name] = 1
			if (is_const && stars == 1) kind_pc[fn, name] = 1
		} else if (tok[j + 1] == "[") {
			if (in_params) kind_a[fn, name] = 1
			else local_array[fn, name] = 1
		}
		if (in_params) return
		# Over the initializer to the next declarator.
		d = 0
		for (j++; j <= n_tok; j++) {
			if (tok[j] == "(" || tok[j] == "[" || tok[j] == "{") d++
			else if (tok[j] == ")" || tok[j] == "]" || tok[j] == "}") { if (--d < 0) return }
			else if (d == 0 && (tok[j] == ";")) return
			else if (d == 0 && tok[j] == ",") { j++; break }
		}
		if (j > n_tok) return
	}
}

# The first name of argument number `want` (0 first) of the call opened at token o, when
# it is a bare name (not a field): what a read or a copy fills.
function bare_arg(o, want,    e, a, n) {
	e = close_of(o)
	a = o + 1
	for (n = 0; n < want && a < e; a++) {
		if (tok[a] == "(" || tok[a] == "[" || tok[a] == "{") a = close_of(a)
		else if (tok[a] == ",") n++
	}
	if (n < want) return ""
	while (tok[a] == "&" || tok[a] == "(") a++
	if (is_ident(tok[a]) && !(tok[a + 1] == "." || tok[a + 1] == "->")) return a
	return ""
}

{
	raw[NR] = $0
	if ($0 ~ /reader-lint:[ \t]*[^ \t*\/]/) {
		allowed[NR] = 1
		if ($0 ~ /^[ \t]*(\/\/|\/\*)/) allowed[NR + 1] = 1
	}
	if ($0 ~ /\/\* expect: finding \*\//) expected[NR] = 1
	code = strip($0)
	if (in_macro || code ~ /^[ \t]*#/) {
		in_macro = code ~ /\\[ \t]*$/
		next
	}
	tokenize(code, NR)
}

END {
	# ---- pass 1: scopes and declarations ----
	# tfn[i]: the function token i is in (its parameters or its body), 0 outside any.
	depth = 0; parens = 0; cand = 0; cur = 0; n_fn = 0
	for (i = 1; i <= n_tok; i++) {
		t = tok[i]
		if (t == "(" && depth == 0 && parens == 0) cand = ++n_fn
		if (t == "{") {
			k = "block"
			if (tok[i - 1] == "struct" || tok[i - 1] == "union" ||
			    (is_ident(tok[i - 1]) && (tok[i - 2] == "struct" || tok[i - 2] == "union"))) k = "struct"
			else if (tok[i - 1] == "=" || tok[i - 1] == "," || tok[i - 1] == "{") k = "init"
			if (depth == 0 && k == "block" && tok[i - 1] == ")") cur = cand
			scope[++depth] = k
		} else if (t == "}") {
			if (depth > 0) depth--
			if (depth == 0) cur = 0
		} else if (t == "(") parens++
		else if (t == ")") { if (parens > 0) parens-- }
		tfn[i] = depth > 0 ? cur : (parens > 0 || t == ")" ? cand : 0)
		tscope[i] = depth > 0 ? scope[depth] : ""
	}
	depth = 0; parens = 0
	for (i = 1; i <= n_tok; i++) {
		t = tok[i]
		if (t == "{") depth++
		else if (t == "}") { if (depth > 0) depth-- }
		else if (t == "(") parens++
		else if (t == ")") { if (parens > 0) parens-- }
		in_struct = depth > 0 && scope_at_depth(i) == "struct"
		if (t == "uint8_t" || t == "u_char" || (t == "char" && tok[i - 1] == "unsigned"))
			declarators(i, parens > 0, in_struct, 0)
		else if (t == "reader" && tok[i - 1] == "struct")
			declarators(i, parens > 0, in_struct, 1)
	}
	# What fills a local array with input, and the buffers reads fill.
	for (i = 1; i <= n_tok; i++) {
		t = tok[i]
		if (tok[i + 1] != "(") continue
		a = ""
		if (t == "rd_copy" || t == "read" || t == "pread" || t == "recv" || t == "archive_read_data")
			a = bare_arg(i + 1, 1)
		else if (t == "fread")
			a = bare_arg(i + 1, 0)
		if (a == "") continue
		fn = tfn[a]; name = tok[a]
		if (t == "rd_copy") {
			if ((fn, name) in local_array) kind_a[fn, name] = 1
		} else {
			# Straight from a file: input that no reader has read, whole copies included.
			kind_p[fn, name] = 1
			kind_pc[fn, name] = 1
		}
	}

	# ---- pass 2: findings ----
	for (i = 1; i <= n_tok; i++) {
		t = tok[i]
		prev = i > 1 ? tok[i - 1] : ""

		# A subscript that reads.
		if (is_ident(t) && tok[i + 1] == "[" && !(i in decl_at) &&
		    !(is_ident(prev) && prev != "return" && prev != "sizeof" && prev != "case" && prev != "else")) {
			member = prev == "." || prev == "->"
			if (tracked(i, t, member)) {
				s = chain_start(i)
				e = close_of(i + 1)
				while (tok[e + 1] == "[") e = close_of(e + 1)
				before = s > 1 ? tok[s - 1] : ""
				write = is_assign(tok[e + 1]) || before == "++" || before == "--"
				addr = before == "&" && before_unary(s > 2 ? tok[s - 2] : "")
				size = before == "sizeof" || (before == "(" && s > 2 && tok[s - 2] == "sizeof")
				if (!write && !addr && !size && !is_destination(s))
					finding(i, t "[...] reads input directly: read it through the reader (include/bytes.h)")
			}
		}

		# A dereference that reads: *p, *(p + n), *p++.
		if (t == "*" && before_unary(prev)) {
			if (tok[i + 1] == "(" && is_ident(tok[i + 2]) && (tok[i + 3] == "+" || tok[i + 3] == "-") &&
			    tracked(i + 2, tok[i + 2], 0))
				finding(i, "*(" tok[i + 2] " + n) reads input directly: read it through the reader (include/bytes.h)")
			else if (tok[i + 1] == "(" && (is_qualifier(tok[i + 2]) || tok[i + 2] ~ /^u?int(16|32|64)_t$/)) {
				k = i + 2
				while (is_qualifier(tok[k])) k++
				if (tok[k] ~ /^u?int(16|32|64)_t$/ && tok[k + 1] == "*")
					finding(i, "a word loaded through a pointer cast: read it through the reader (include/bytes.h)")
			} else if (is_ident(tok[i + 1]) && !((i + 1) in decl_at)) {
				after = chain_object(i + 1)
				walks = tok[after] == "++" || tok[after] == "--"
				written = is_assign(tok[after]) && !walks
				if (tok[after - 1] != "]" && !written && !(walks && is_assign(tok[after + 1])) &&
				    (walks ? tracked(after - 1, obj_name, obj_member) : is_const_view(after - 1, obj_name, obj_member)))
					finding(i, "*" obj_name " reads input directly: read it through the reader (include/bytes.h)")
			}
		}

		# memcpy/memmove/bcopy from a view or an input buffer.
		if ((t == "memcpy" || t == "memmove" || t == "bcopy") && tok[i + 1] == "(") {
			want = t == "bcopy" ? 0 : 1
			e = close_of(i + 1)
			a = i + 2
			for (n_arg = 0; n_arg < want && a < e; a++) {
				if (tok[a] == "(" || tok[a] == "[" || tok[a] == "{") a = close_of(a)
				else if (tok[a] == ",") n_arg++
			}
			if (n_arg == want || want == 0) {
				# Over a leading &, parentheses and casts.
				for (;;) {
					if (tok[a] == "&") { a++; continue }
					if (tok[a] == "(") {
						c = close_of(a)
						if (tok[c - 1] == "*" || tok[a + 1] == "const" || tok[a + 1] == "void") { a = c + 1; continue }
						a++; continue
					}
					break
				}
				after = chain_object(a)
				if (obj_name != "" && is_const_view(after - 1, obj_name, obj_member))
					finding(i, t " from " obj_name ": copy input with rd_copy (include/bytes.h)")
			}
		}

		# Byte order by hand.
		if (t ~ /^(ntohs|ntohl|ntohll|be16toh|be32toh|be64toh|le16toh|le32toh|le64toh|bswap_16|bswap_32|bswap_64|__builtin_bswap16|__builtin_bswap32|__builtin_bswap64|get_unaligned[A-Za-z0-9_]*)$/ &&
		    tok[i + 1] == "(")
			finding(i, t "() on raw bytes: read words with rd_u16/rd_u32 or their le forms (include/bytes.h)")

		# A reader's insides.
		if ((t in reader) && (tok[i + 1] == "." || tok[i + 1] == "->") &&
		    (tok[i + 2] == "p" || tok[i + 2] == "left" || tok[i + 2] == "start_left" || tok[i + 2] == "base"))
			finding(i, t tok[i + 1] tok[i + 2] " reaches inside the reader: use its accessors (include/bytes.h)")
	}

	if (expect) {
		for (ln in expected) if (!(ln in found)) { printf "%s:%d: marked \"expect: finding\" but not found\n\t%s\n", FILENAME, ln, raw[ln]; bad++ }
		for (ln in found) if (!(ln in expected)) { printf "%s:%d: found but not marked \"expect: finding\"\n\t%s\n", FILENAME, ln, raw[ln]; bad++ }
		exit (bad > 0 ? 1 : 0)
	}
	exit (n_findings > 0 ? 1 : 0)
}
