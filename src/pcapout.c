/*
 * pcapout.c — -w outputs, one pcap file per link type (pcapout.h).
 *
 * Pipeline position: the sink (sink.c) hands it the kept frames of failed attempts; the
 * files are written through capture.c's writer.
 */
#include "pcapout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "capture.h"
#include "classes.h"
#include "keylog.h"

/* Link types in one run: real captures carry one or two (Ethernet, Linux cooked). */
#define PCAPOUT_FILES 16

struct pcapout_file {
	int linktype;
	struct capture_writer *w;        /* NULL when it could not be opened (said once) */
	char *path;
};

struct pcapout {
	char *base;
	bool quiet;
	struct pcapout_file files[PCAPOUT_FILES];
	size_t n;
	bool failed;
	bool too_many;                   /* more link types than files: said once */
};

struct pcapout *pcapout_new(const char *path, bool quiet)
{
	struct pcapout *o = calloc(1, sizeof *o);
	if (o == NULL || (o->base = strdup(path)) == NULL) {
		free(o);
		return NULL;
	}
	o->quiet = quiet;
	return o;
}

static const char *linktype_name(int linktype, char *buf, size_t len)
{
	const char *name = pcap_datalink_val_to_name(linktype);
	if (name != NULL)
		return name;
	snprintf(buf, len, "DLT%d", linktype);
	return buf;
}

/* The path of the next link type's file: the base for the first, else the base with the
 * link type's name before its extension. */
static char *path_for(const struct pcapout *o, int linktype)
{
	if (o->n == 0)
		return strdup(o->base);
	char lt[32];
	const char *name = linktype_name(linktype, lt, sizeof lt);
	const char *slash = strrchr(o->base, '/');
	const char *dot = strrchr(slash ? slash + 1 : o->base, '.');
	size_t stem = dot ? (size_t)(dot - o->base) : strlen(o->base);
	size_t len = strlen(o->base) + strlen(name) + 2;
	char *path = malloc(len);
	if (path != NULL)
		snprintf(path, len, "%.*s.%s%s", (int)stem, o->base, name, dot ? dot : "");
	return path;
}

static struct capture_writer *writer_for(struct pcapout *o, int linktype)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->files[i].linktype == linktype)
			return o->files[i].w;
	if (o->n == PCAPOUT_FILES) {
		if (!o->too_many)
			fprintf(stderr, "tlsdiag: -w: more than %zu link types: packets of link type %d and later ones are not written\n",
				o->n, linktype);
		o->too_many = o->failed = true;
		return NULL;
	}
	char *path = path_for(o, linktype);
	char err[512];
	struct capture_writer *w = path ? capture_writer_open(path, linktype, err, sizeof err) : NULL;
	if (w == NULL) {
		fprintf(stderr, "tlsdiag: -w %s\n", path ? err : "out of memory");
		o->failed = true;
	}
	/* Remembered even when it failed, so that the error is said once. */
	o->files[o->n++] = (struct pcapout_file){ linktype, w, path };
	return w;
}

bool pcapout_open(struct pcapout *o, int linktype)
{
	return writer_for(o, linktype) != NULL;
}

void pcapout_note_make(struct pcapout_note *n, const struct facts *f, const struct verdict *v)
{
	*n = (struct pcapout_note){ .secrets = NULL };
	snprintf(n->comment, sizeof n->comment, "tlsdiag: %s (%s) %s: %s%s%s", class_name(v->cls),
		 rules_confidence_name(v->confidence), v->rule_id, v->summary, v->fix[0] ? " | fix: " : "", v->fix);
	if (f->secrets != NULL) {
		size_t cap = KEYLOG__COUNT * (40 + 64 + 2 * KEYLOG_SECRET_MAX + 3) + 1;
		if ((n->secrets = malloc(cap)) != NULL)
			n->secrets_len = keylog_entry_format(f->secrets, n->secrets, cap);
	}
}

void pcapout_note_free(struct pcapout_note *n)
{
	free(n->secrets);
	n->secrets = NULL;
	n->secrets_len = 0;
}

void pcapout_frames(struct pcapout *o, int linktype, const struct flow_frame *frames, const struct pcapout_note *note)
{
	if (frames == NULL)
		return;
	struct capture_writer *w = writer_for(o, linktype);
	if (w == NULL)
		return;
	if (note != NULL && note->secrets_len > 0)
		capture_writer_secrets(w, note->secrets, note->secrets_len);
	for (const struct flow_frame *fr = frames; fr != NULL; fr = fr->next)
		capture_writer_frame(w, fr->ts, fr->data, fr->caplen, fr->wirelen,
				     fr == frames && note != NULL && note->comment[0] ? note->comment : NULL);
}

void pcapout_flush(struct pcapout *o)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->files[i].w != NULL)
			capture_writer_flush(o->files[i].w);
}

bool pcapout_close(struct pcapout *o, int first_linktype)
{
	if (o == NULL)
		return true;
	if (o->n == 0)
		writer_for(o, first_linktype >= 0 ? first_linktype : DLT_EN10MB);
	for (size_t i = 0; i < o->n; i++) {
		struct pcapout_file *f = &o->files[i];
		if (f->w != NULL && !capture_writer_close(f->w)) {
			fprintf(stderr, "tlsdiag: -w %s: write error\n", f->path);
			o->failed = true;
		}
		if (i > 0 && f->w != NULL && !o->quiet) {
			char lt[32];
			fprintf(stderr, "tlsdiag: -w: packets of link type %s written to %s\n",
				linktype_name(f->linktype, lt, sizeof lt), f->path);
		}
		free(f->path);
	}
	bool ok = !o->failed;
	free(o->base);
	free(o);
	return ok;
}
