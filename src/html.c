/*
 * html.c — the --html report (html.h).
 *
 * Each card is written when its attempt is decided, into its own buffer (the facts are
 * gone afterwards), and the cards are put in time order when the file is written, so
 * that -j gives the same file as -j 1. Strings from the wire go through triage_key
 * (valid UTF-8, no control characters) and then HTML escaping, in attributes as in text.
 */
#include "html.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "certcheck.h"
#include "classes.h"
#include "ladder.h"
#include "negotiation.h"
#include "options.h"
#include "report.h"
#include "table.h"
#include "triage.h"

struct card {
	double t;
	char server[64];                 /* report_endpoint's: for the server filter */
	char *html;
	size_t len;
};

struct mark {
	double t;
	enum tls_class cls;
};

struct html_report {
	FILE *out;
	unsigned long by_class[CLASS__COUNT];
	unsigned long total;
	double t_min, t_max;
	struct card *cards;
	size_t n_cards, cap_cards;
	unsigned long cards_left_out;
	struct mark *marks;
	size_t n_marks, cap_marks;
	unsigned long marks_left_out;
	char first_file[256];
	bool other_files;                /* attempts of another input than the first */
};

/* Colours of the outcomes, and one per class for the timeline. */
static const char *outcome_colour(enum tls_class c)
{
	switch (class_outcome(c)) {
	case CLASS_OUTCOME_OK: return "#2e7d32";
	case CLASS_OUTCOME_FAILED: return "#c62828";
	default: return "#9e9e9e";
	}
}

static const char *class_colour(enum tls_class c)
{
	static const char *const palette[] = { "#c62828", "#6a1b9a", "#283593", "#00838f", "#2e7d32", "#f9a825",
					       "#ef6c00", "#4e342e", "#ad1457", "#1565c0", "#558b2f", "#37474f",
					       "#d84315", "#5d4037", "#00695c" };
	if (class_outcome(c) == CLASS_OUTCOME_OK)
		return "#2e7d32";
	if (class_outcome(c) == CLASS_OUTCOME_INCOMPLETE)
		return "#9e9e9e";
	return palette[(unsigned)c % (sizeof palette / sizeof palette[0])];
}

/* ---- escaping ---- */

static void esc(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out); break;
		}
	}
}

/* Bytes from the wire (or a file name): made safe as the summary makes them, escaped. */
static void esc_wire(FILE *out, const char *s, size_t n)
{
	char safe[1024];
	triage_key(s, n, safe, sizeof safe);
	esc(out, safe);
}

static void esc_wire_str(FILE *out, const char *s)
{
	esc_wire(out, s, strlen(s));
}

/* ---- the ladder as SVG ---- */

#define SVG_WIDTH 780
#define SVG_CLIENT_X 250
#define SVG_SERVER_X 740
#define SVG_ROW 30
#define SVG_NOTE 13

/* id: the attempt's own (its input, time and endpoints hashed), for the arrowhead's id:
 * unique in the document, and the same whatever order -j decides attempts in. */
static void svg_ladder(FILE *out, const struct ladder *l, unsigned long long id)
{
	int height = 40;
	for (unsigned i = 0; i < l->n_rows; i++)
		height += SVG_ROW + (l->rows[i].note[0] ? SVG_NOTE : 0);
	fprintf(out, "<svg class=\"ladder\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		     "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"handshake ladder\">\n",
		SVG_WIDTH, height, SVG_WIDTH, height);
	fprintf(out, "<defs><marker id=\"head%llx\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" orient=\"auto\">"
		     "<path d=\"M0,0 L8,4 L0,8 z\" fill=\"context-stroke\"/></marker></defs>\n",
		id);
	fprintf(out, "<text x=\"10\" y=\"16\" class=\"h\">time (s)</text><text x=\"110\" y=\"16\" class=\"h\">bytes</text>"
		     "<text x=\"%d\" y=\"16\" class=\"h\" text-anchor=\"middle\">client</text>"
		     "<text x=\"%d\" y=\"16\" class=\"h\" text-anchor=\"middle\">server</text>\n",
		SVG_CLIENT_X, SVG_SERVER_X);
	fprintf(out, "<line x1=\"%d\" y1=\"22\" x2=\"%d\" y2=\"%d\" class=\"side\"/><line x1=\"%d\" y1=\"22\" x2=\"%d\" y2=\"%d\" class=\"side\"/>\n",
		SVG_CLIENT_X, SVG_CLIENT_X, height - 4, SVG_SERVER_X, SVG_SERVER_X, height - 4);
	int cx = l->point == CAPTURE_POINT_CLIENT ? SVG_CLIENT_X + 30
	       : l->point == CAPTURE_POINT_SERVER ? SVG_SERVER_X - 30
	       : l->point == CAPTURE_POINT_MIDDLE ? (SVG_CLIENT_X + SVG_SERVER_X) / 2 : -1;
	if (cx > 0)
		fprintf(out, "<line x1=\"%d\" y1=\"24\" x2=\"%d\" y2=\"%d\" class=\"capture\"/>"
			     "<text x=\"%d\" y=\"32\" class=\"capture-label\" text-anchor=\"middle\">capture</text>\n",
			cx, cx, height - 4, cx);
	int y = 40;
	for (unsigned i = 0; i < l->n_rows; i++) {
		const struct ladder_row *r = &l->rows[i];
		int line_y = y + 14;
		const char *cls = r->failing ? "step failing" : r->inferred ? "step inferred" : "step";
		fprintf(out, "<g class=\"%s\">", cls);
		if (r->kind != LADDER_DROPPED)
			fprintf(out, "<text x=\"10\" y=\"%d\">%.6f</text>", line_y, r->t);
		if (r->kind == LADDER_ARROW && r->size > 0)
			fprintf(out, "<text x=\"150\" y=\"%d\" text-anchor=\"end\">%u</text>", line_y, r->size);
		if (r->kind == LADDER_ARROW) {
			int x1 = r->from == SIDE_CLIENT ? SVG_CLIENT_X : SVG_SERVER_X;
			int x2 = r->from == SIDE_CLIENT ? SVG_SERVER_X - 2 : SVG_CLIENT_X + 2;
			fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"arrow%s\" marker-end=\"url(#head%llx)\"/>",
				x1, line_y, x2, line_y, r->lost ? " lost" : "", id);
			fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"label\">",
				(SVG_CLIENT_X + SVG_SERVER_X) / 2, line_y - 5);
		} else {
			fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"label silence\">",
				(SVG_CLIENT_X + SVG_SERVER_X) / 2, line_y);
		}
		esc(out, r->label);
		if (r->failing)
			fputs(" \xe2\x86\x90 failed", out);
		fputs("</text>", out);
		if (r->note[0]) {
			fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"note\">", (SVG_CLIENT_X + SVG_SERVER_X) / 2,
				line_y + SVG_NOTE);
			esc(out, r->note);
			fputs("</text>", out);
			y += SVG_NOTE;
		}
		fputs("</g>\n", out);
		y += SVG_ROW;
	}
	fputs("</svg>\n", out);
}

/* ---- a card ---- */

static void card_certificates(FILE *out, const struct facts *f, const struct verdict *v)
{
	if (f->n_certs[SIDE_SERVER] == 0 && f->n_certs[SIDE_CLIENT] == 0)
		return;
	struct cert_findings fs[2];
	certcheck_client(f, &fs[SIDE_CLIENT]);
	certcheck_server(f, &fs[SIDE_SERVER]);
	static const char *const role[2] = { "client", "server" };
	fputs("<h4>Certificates</h4><table class=\"certs\">\n", out);
	for (int s = SIDE_SERVER; s >= SIDE_CLIENT; s--) {
		for (unsigned i = 0; i < f->n_certs[s]; i++) {
			const struct cert_fact *c = &f->certs[s][i];
			fprintf(out, "<tr><th>%s[%u]</th><td>", role[s], i);
			if (!c->parsed) {
				fprintf(out, "%u bytes, does not parse</td></tr>\n", c->der_len);
				continue;
			}
			esc_wire_str(out, c->subject);
			fputs("<br><span class=\"dim\">issuer</span> ", out);
			esc_wire_str(out, c->issuer);
			fprintf(out, "<br><span class=\"dim\">valid</span> %s .. %s, ", c->not_before, c->not_after);
			esc(out, c->key_type);
			fprintf(out, " %d, ", c->key_bits);
			esc(out, c->sig_alg);
			if (c->self_signed)
				fputs(", self-signed", out);
			if (c->san[0]) {
				fputs("<br><span class=\"dim\">names</span> ", out);
				esc_wire_str(out, c->san);
			}
			for (unsigned k = 0; k < fs[s].n; k++) {
				if (fs[s].items[k].index != i)
					continue;
				const char *id = certcheck_id(fs[s].items[k].check);
				bool failing = v->failing_check != NULL && strcmp(v->failing_check, id) == 0;
				fprintf(out, "<br><span class=\"%s\">%s</span> ", failing ? "fails" : "dim", failing ? "fails" : "check");
				esc(out, id);
			}
			fputs("</td></tr>\n", out);
		}
	}
	fputs("</table>\n", out);
}

static void negotiation_list(FILE *out, const struct facts *f, enum negotiation_dim d, enum negotiation_part p)
{
	char names[BOUND_CIPHERS][NEGOTIATION_NAME_MAX];
	size_t n = negotiation_items(f, d, p, names, BOUND_CIPHERS);
	if (n == 0)
		fputs("<span class=\"dim\">none</span>", out);
	for (size_t i = 0; i < n && i < BOUND_CIPHERS; i++) {
		if (i > 0)
			fputs(", ", out);
		esc(out, names[i]);
	}
}

static void card_negotiation(FILE *out, const struct facts *f, const struct verdict *v)
{
	enum negotiation_dim dims[NEGOTIATION__DIMS];
	size_t n = negotiation_dims_for(v, dims);
	if (n == 0 || !f->client_hello_seen)
		return;
	const struct server_accepts *a = f->server_accepts;
	if (a == NULL) {
		fputs("<h4>Offer</h4><p class=\"dim\">No handshake with this server succeeded before this one in this input: "
		      "nothing to compare the offer with.</p>\n",
		      out);
		return;
	}
	fprintf(out, "<h4>Offer beside what the server accepted</h4><p class=\"dim\">in its %u successful handshake(s) of this input</p>\n"
		     "<table class=\"negotiation\"><tr><th></th><th>offered</th><th>accepted</th><th>common</th></tr>\n",
		a->handshakes);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "<tr><th>%s</th><td>", negotiation_dim_name(dims[i]));
		negotiation_list(out, f, dims[i], NEGOTIATION_OFFERED);
		fputs("</td><td>", out);
		negotiation_list(out, f, dims[i], NEGOTIATION_ACCEPTED);
		fputs("</td><td class=\"common\">", out);
		negotiation_list(out, f, dims[i], NEGOTIATION_COMMON);
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
}

static void write_card(FILE *out, const char *file, const struct facts *f, const struct verdict *v)
{
	uint64_t hash = hash_bytes(hash_string(file != NULL ? file : ""), &f->t_first, sizeof f->t_first);
	hash = hash_bytes(hash_bytes(hash, &f->client, sizeof f->client), &f->server, sizeof f->server);
	unsigned long long id = (unsigned long long)hash;
	char ts[64], client[64], server[64], sni[BOUND_SNI * 2];
	report_format_ts(f->t_first, ts, sizeof ts);
	report_endpoint(&f->client, client, sizeof client);
	report_endpoint(&f->server, server, sizeof server);
	if (f->ch.has_sni)
		triage_key(f->ch.sni, f->ch.sni_len, sni, sizeof sni);
	else
		sni[0] = '\0';
	const char *cls = class_name(v->cls);
	fprintf(out, "<section class=\"card %s\" data-class=\"%s\" data-server=\"",
		class_outcome(v->cls) == CLASS_OUTCOME_FAILED ? "failed" : "incomplete", cls);
	esc(out, server);
	fputs("\" data-sni=\"", out);
	esc(out, sni);
	fputs("\" data-client=\"", out);
	esc(out, client);
	fputs("\">\n<header><span class=\"badge\" style=\"background:", out);
	fputs(class_colour(v->cls), out);
	fprintf(out, "\">%s</span> <span class=\"conf\">%s</span> <b>", cls, rules_confidence_name(v->confidence));
	esc(out, client);
	fputs("</b> &rarr; <b>", out);
	esc(out, server);
	fputs("</b> SNI <b>", out);
	if (sni[0])
		esc(out, sni);
	else
		fputs("none", out);
	fprintf(out, "</b> <span class=\"dim\">%s", ts);
	if (file != NULL) {
		fputs(" &middot; ", out);
		esc_wire_str(out, file);
	}
	fputs("</span></header>\n<p class=\"summary\">", out);
	esc(out, v->summary);
	fputs("</p>\n<h4>Evidence</h4><ul>\n", out);
	for (unsigned i = 0; i < v->n_evidence; i++) {
		fputs("<li>", out);
		esc(out, v->evidence[i]);
		fputs("</li>\n", out);
	}
	fputs("</ul>\n", out);
	if (v->fix[0]) {
		fputs("<h4>Fix</h4><p class=\"fix\">", out);
		esc(out, v->fix);
		fputs("</p>\n", out);
	}
	card_negotiation(out, f, v);
	card_certificates(out, f, v);
	if (f->client_hello_seen && class_outcome(v->cls) != CLASS_OUTCOME_INCOMPLETE) {
		char cmd[2048];
		report_repro_command(f, 0, cmd, sizeof cmd);
		fputs("<h4>Try</h4><pre class=\"try\">", out);
		esc(out, cmd);
		fputs("</pre>\n", out);
	}
	struct ladder l;
	ladder_build(f, v, &l);
	fprintf(out, "<details open><summary>Ladder (rule %s)</summary>\n", v->rule_id);
	svg_ladder(out, &l, id);
	fputs("</details>\n</section>\n", out);
}

/* ---- collecting ---- */

struct html_report *html_open(const char *path, char *err, size_t err_len)
{
	struct html_report *h = calloc(1, sizeof *h);
	if (h == NULL) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	h->out = fopen(path, "w");
	if (h->out == NULL) {
		snprintf(err, err_len, "--html %s: %s", path, strerror(errno));
		free(h);
		return NULL;
	}
	h->t_min = h->t_max = -1;
	return h;
}

static void add_mark(struct html_report *h, double t, enum tls_class cls)
{
	if (h->n_marks == h->cap_marks) {
		size_t cap = h->cap_marks ? h->cap_marks * 2 : 256;
		struct mark *m = cap <= BOUND_HTML_MARKS ? realloc(h->marks, cap * sizeof *m) : NULL;
		if (m == NULL) {
			h->marks_left_out++;
			return;
		}
		h->marks = m;
		h->cap_marks = cap;
	}
	h->marks[h->n_marks++] = (struct mark){ t, cls };
}

void html_add(struct html_report *h, const char *file, const struct facts *f, const struct verdict *v)
{
	if (h == NULL || v->cls >= CLASS__COUNT)
		return;
	h->by_class[v->cls]++;
	h->total++;
	if (h->t_min < 0 || f->t_first < h->t_min)
		h->t_min = f->t_first;
	if (f->t_first > h->t_max)
		h->t_max = f->t_first;
	/* The first input in name order (with -j, inputs are decided in any order). */
	if (file != NULL && h->first_file[0] == '\0') {
		snprintf(h->first_file, sizeof h->first_file, "%s", file);
	} else if (file != NULL && strncmp(file, h->first_file, sizeof h->first_file - 1) != 0) {
		h->other_files = true;
		if (strcmp(file, h->first_file) < 0)
			snprintf(h->first_file, sizeof h->first_file, "%s", file);
	}
	if (class_outcome(v->cls) == CLASS_OUTCOME_OK)
		return;
	if (class_outcome(v->cls) == CLASS_OUTCOME_FAILED)
		add_mark(h, f->t_first, v->cls);
	if (h->n_cards >= BOUND_HTML_CARDS) {
		h->cards_left_out++;
		return;
	}
	if (h->n_cards == h->cap_cards) {
		size_t cap = h->cap_cards ? h->cap_cards * 2 : 64;
		struct card *c = realloc(h->cards, cap * sizeof *c);
		if (c == NULL) {
			h->cards_left_out++;
			return;
		}
		h->cards = c;
		h->cap_cards = cap;
	}
	struct card *c = &h->cards[h->n_cards];
	c->html = NULL;
	c->len = 0;
	FILE *mem = open_memstream(&c->html, &c->len);
	if (mem == NULL) {
		h->cards_left_out++;
		return;
	}
	write_card(mem, file, f, v);
	if (fclose(mem) != 0 || c->html == NULL) {
		free(c->html);
		h->cards_left_out++;
		return;
	}
	c->t = f->t_first;
	report_endpoint(&f->server, c->server, sizeof c->server);
	h->n_cards++;
}

/* ---- writing ---- */

static int mark_order(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (int)x->cls - (int)y->cls;
}

static int by_time(const void *a, const void *b)
{
	const struct card *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return strcmp(x->html, y->html); /* the same instant: a fixed order all the same */
}

static const char style[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:1100px;padding:16px;color:#212121}"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px;border-bottom:1px solid #ddd}"
	"h4{margin:10px 0 4px;font-size:13px;text-transform:uppercase;color:#555}"
	".dim{color:#757575}.fails{color:#c62828;font-weight:bold}"
	".filters{position:sticky;top:0;background:#fafafa;padding:8px;border:1px solid #ddd;display:flex;gap:8px;flex-wrap:wrap;align-items:center;z-index:1}"
	".filters select,.filters input{font:inherit;padding:2px 4px}"
	".card{border:1px solid #ddd;border-left:6px solid #c62828;border-radius:4px;padding:8px 12px;margin:12px 0;break-inside:avoid}"
	".card.incomplete{border-left-color:#9e9e9e}"
	".badge{color:#fff;border-radius:3px;padding:1px 6px;font-weight:bold}.conf{color:#555}"
	".summary{font-weight:600}pre{white-space:pre-wrap;background:#f5f5f5;padding:6px;border-radius:3px;font-size:12px}"
	"table{border-collapse:collapse}td,th{border:1px solid #e0e0e0;padding:3px 6px;text-align:left;vertical-align:top;font-size:13px}"
	"td.common{font-weight:bold}"
	"svg text{font:12px ui-monospace,Menlo,Consolas,monospace;fill:#212121}svg text.h{font-weight:bold}"
	"svg .side{stroke:#424242;stroke-width:2}svg .arrow{stroke:#1565c0;stroke-width:1.5}svg .arrow.lost{stroke-dasharray:4 3}"
	"svg .capture{stroke:#ef6c00;stroke-dasharray:3 3}svg .capture-label{fill:#ef6c00}"
	"svg .step.failing text{fill:#c62828;font-weight:bold}svg .step.failing .arrow{stroke:#c62828;stroke-width:2.5}"
	"svg .step.inferred .label{font-style:italic}svg .note{fill:#757575;font-size:11px}svg .silence{fill:#757575;font-style:italic}"
	"@media print{.filters{display:none}body{max-width:none}.card{page-break-inside:avoid}details{display:block}}";

static const char script[] =
	"(function(){var c=document.getElementById('f-class'),s=document.getElementById('f-server'),"
	"q=document.getElementById('f-sni'),k=document.getElementById('f-client'),n=document.getElementById('shown');"
	"function apply(){var cv=c.value,sv=s.value,qv=q.value.toLowerCase(),kv=k.value.toLowerCase(),shown=0;"
	"var cards=document.querySelectorAll('section.card');for(var i=0;i<cards.length;i++){var e=cards[i];"
	"var ok=(!cv||e.getAttribute('data-class')===cv)&&(!sv||e.getAttribute('data-server')===sv)&&"
	"(!qv||e.getAttribute('data-sni').toLowerCase().indexOf(qv)>=0)&&(!kv||e.getAttribute('data-client').toLowerCase().indexOf(kv)>=0);"
	"e.style.display=ok?'':'none';if(ok)shown++;}n.textContent=String(shown);}"
	"[c,s].forEach(function(x){x.addEventListener('change',apply);});"
	"[q,k].forEach(function(x){x.addEventListener('input',apply);});apply();})();";

static void write_chart(FILE *out, const struct html_report *h)
{
	unsigned long max = 1;
	int rows = 0;
	for (int c = 0; c < CLASS__COUNT; c++) {
		if (h->by_class[c] > max)
			max = h->by_class[c];
		rows += h->by_class[c] > 0;
	}
	int height = rows * 24 + 8;
	fprintf(out, "<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"%d\" role=\"img\" "
		     "aria-label=\"attempts by class\">\n", height);
	int y = 4;
	for (int c = 0; c < CLASS__COUNT; c++) {
		if (h->by_class[c] == 0)
			continue;
		double w = 440.0 * (double)h->by_class[c] / (double)max;
		fprintf(out, "<g><title>%s: %lu</title><text x=\"0\" y=\"%d\">%s</text>"
			     "<rect x=\"190\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>"
			     "<text x=\"%.1f\" y=\"%d\">%lu (%.1f%%)</text></g>\n",
			class_name((enum tls_class)c), h->by_class[c], y + 14, class_name((enum tls_class)c), y, w < 1 ? 1 : w,
			outcome_colour((enum tls_class)c), 196 + w, y + 14, h->by_class[c],
			100.0 * (double)h->by_class[c] / (double)(h->total ? h->total : 1));
		y += 24;
	}
	fputs("</svg>\n", out);
}

/* The failures over the capture's span: a mark each, or bars per time bucket when many. */
static void write_timeline(FILE *out, const struct html_report *h)
{
	const int width = 760, left = 10, right = 750;
	double span = h->t_max - h->t_min;
	fprintf(out, "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"70\" role=\"img\" "
		     "aria-label=\"failures over time\">\n<line x1=\"%d\" y1=\"50\" x2=\"%d\" y2=\"50\" stroke=\"#424242\"/>\n",
		width, left, right);
	if (h->n_marks <= BOUND_HTML_TIMELINE_MARKS) {
		for (size_t i = 0; i < h->n_marks; i++) {
			double x = span > 0 ? left + (right - left) * (h->marks[i].t - h->t_min) / span : (left + right) / 2.0;
			char ts[64];
			report_format_ts(h->marks[i].t, ts, sizeof ts);
			fprintf(out, "<circle cx=\"%.1f\" cy=\"40\" r=\"5\" fill=\"%s\" fill-opacity=\"0.7\"><title>%s %s</title></circle>\n",
				x, class_colour(h->marks[i].cls), ts, class_name(h->marks[i].cls));
		}
	} else {
		/* Many: how many failed in each of 100 slices of the span. */
		enum { SLICES = 100 };
		unsigned long count[SLICES] = { 0 }, top = 1;
		for (size_t i = 0; i < h->n_marks; i++) {
			size_t k = span > 0 ? (size_t)((SLICES - 1) * (h->marks[i].t - h->t_min) / span) : 0;
			if (++count[k] > top)
				top = count[k];
		}
		for (int k = 0; k < SLICES; k++)
			if (count[k] > 0)
				fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"%.1f\" fill=\"#c62828\"><title>%lu failures</title></rect>\n",
					left + (right - left) * k / (double)SLICES, 48 - 40.0 * (double)count[k] / (double)top,
					40.0 * (double)count[k] / (double)top, count[k]);
	}
	char a[64], b[64];
	report_format_ts(h->t_min, a, sizeof a);
	report_format_ts(h->t_max, b, sizeof b);
	fprintf(out, "<text x=\"%d\" y=\"66\">%s</text><text x=\"%d\" y=\"66\" text-anchor=\"end\">%s</text>\n</svg>\n", left,
		a, right, b);
}

/* The summary's policy of one server with failures, as a row of the table. */
static void policy_row(void *ctx, const struct triage_server_policy *p)
{
	FILE *out = ctx;
	static const char *const labels[5] = TRIAGE_POLICY_LABELS;
	fputs("<tr><th>", out);
	esc(out, p->server);
	fprintf(out, "</th><td>%lu of %lu</td><td>", p->failed, p->attempts);
	for (int c = 0; c < CLASS__COUNT; c++)
		if (class_failed((enum tls_class)c) && p->by_class[c] > 0)
			fprintf(out, "%s&nbsp;%lu<br>", class_name((enum tls_class)c), p->by_class[c]);
	fputs("</td><td>", out);
	bool any = false;
	for (int k = 0; k < 5; k++) {
		if (p->accepted[k] == NULL || p->accepted[k][0] == '\0')
			continue;
		fprintf(out, "<span class=\"dim\">%s</span> ", labels[k]);
		esc(out, p->accepted[k]);
		fputs("<br>", out);
		any = true;
	}
	if (!any)
		fputs("<span class=\"dim\">nothing: no handshake with it completed</span>", out);
	if (p->cert_requested > 0)
		fprintf(out, "<br>asks for a client certificate (%lu)", p->cert_requested);
	fputs("</td><td>", out);
	for (unsigned k = 0; k < p->n_failing; k++) {
		esc(out, p->failing[k]);
		fputs("<br>", out);
	}
	fputs("</td></tr>\n", out);
}

/* The filter's server choices: those of the cards, each once, in time order. */
static void write_server_options(FILE *out, const struct html_report *h)
{
	for (size_t i = 0; i < h->n_cards; i++) {
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = strcmp(h->cards[k].server, h->cards[i].server) == 0;
		if (dup)
			continue;
		fputs("<option value=\"", out);
		esc(out, h->cards[i].server);
		fputs("\">", out);
		esc(out, h->cards[i].server);
		fputs("</option>", out);
	}
}

bool html_write(struct html_report *h, const struct triage *triage, const char *summary)
{
	FILE *out = h->out;
	h->out = NULL;
	if (h->n_cards > 1)
		qsort(h->cards, h->n_cards, sizeof *h->cards, by_time);
	if (h->n_marks > 1)
		qsort(h->marks, h->n_marks, sizeof *h->marks, mark_order);
	unsigned long failed = 0, incomplete = 0;
	for (int c = 0; c < CLASS__COUNT; c++) {
		if (class_outcome((enum tls_class)c) == CLASS_OUTCOME_FAILED)
			failed += h->by_class[c];
		else if (class_outcome((enum tls_class)c) == CLASS_OUTCOME_INCOMPLETE)
			incomplete += h->by_class[c];
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
	      "script-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width\">\n<title>tlsdiag report</title>\n<style>",
	      out);
	fputs(style, out);
	fputs("</style></head><body>\n<h1>TLS handshakes: tlsdiag report</h1>\n<p class=\"dim\">", out);
	if (h->first_file[0]) {
		esc_wire_str(out, h->first_file);
		fputs(h->other_files ? " and the other inputs read" : "", out);
	} else {
		fputs("live capture", out);
	}
	char a[64], b[64];
	report_format_ts(h->t_min < 0 ? 0 : h->t_min, a, sizeof a);
	report_format_ts(h->t_max < 0 ? 0 : h->t_max, b, sizeof b);
	fprintf(out, " &middot; attempts from %s to %s &middot; tlsdiag %s</p>\n", a, b, TLSDIAG_VERSION);
	fprintf(out, "<p><b>%lu</b> attempts: <b>%lu</b> ok, <b>%lu</b> failed, <b>%lu</b> incomplete</p>\n", h->total,
		h->total - failed - incomplete, failed, incomplete);
	fputs("<h2>By class</h2>\n", out);
	write_chart(out, h);
	fputs("<h2>Failures over time</h2>\n", out);
	write_timeline(out, h);
	if (h->marks_left_out > 0)
		fprintf(out, "<p class=\"dim\">%lu more failures not drawn.</p>\n", h->marks_left_out);
	fputs("<h2>Servers with failures, and the policy their handshakes show</h2>\n<table id=\"policy\">"
	      "<tr><th>server</th><th>failed</th><th>failures</th><th>its completed handshakes chose</th>"
	      "<th>what its failures show</th></tr>\n",
	      out);
	if (triage != NULL)
		triage_each_failing_server(triage, BOUND_HTML_SERVERS, policy_row, out);
	fputs("</table>\n<details><summary>The whole summary</summary><pre id=\"summary\">", out);
	esc(out, summary != NULL ? summary : "");
	fputs("</pre></details>\n<h2>Failed and incomplete attempts</h2>\n<div class=\"filters\">class <select id=\"f-class\"><option value=\"\">all</option>", out);
	for (int c = 0; c < CLASS__COUNT; c++)
		if (class_outcome((enum tls_class)c) != CLASS_OUTCOME_OK && h->by_class[c] > 0)
			fprintf(out, "<option value=\"%s\">%s (%lu)</option>", class_name((enum tls_class)c),
				class_name((enum tls_class)c), h->by_class[c]);
	fputs("</select> server <select id=\"f-server\"><option value=\"\">all</option>", out);
	write_server_options(out, h);
	fprintf(out, "</select> SNI <input id=\"f-sni\" type=\"search\" placeholder=\"part of a name\"> client "
		     "<input id=\"f-client\" type=\"search\" placeholder=\"address\"> <span><b id=\"shown\">%zu</b> of %zu shown</span></div>\n",
		h->n_cards, h->n_cards);
	if (h->cards_left_out > 0)
		fprintf(out, "<p class=\"dim\">%lu more failures not shown: narrow the run with --class or --server.</p>\n",
			h->cards_left_out);
	for (size_t i = 0; i < h->n_cards; i++)
		fwrite(h->cards[i].html, 1, h->cards[i].len, out);
	fprintf(out, "<script>%s</script>\n</body></html>\n", script);
	bool ok = !ferror(out);
	int saved = errno;
	ok = fclose(out) == 0 && ok;
	if (!ok && errno == 0)
		errno = saved;
	return ok;
}

void html_free(struct html_report *h)
{
	if (h == NULL)
		return;
	if (h->out != NULL)
		fclose(h->out);
	for (size_t i = 0; i < h->n_cards; i++)
		free(h->cards[i].html);
	free(h->cards);
	free(h->marks);
	free(h);
}
