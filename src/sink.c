/*
 * sink.c — decided attempts to their consumers (sink.h).
 *
 * Pipeline position: the last stage. The runners hand it what the pipeline decided; it
 * calls the report (report.c), the summary (triage.c), --extract-certs (extract.c) and
 * -w (pcapout.c).
 */
#include "sink.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classes.h"
#include "extract.h"
#include "html.h"
#include "pcapout.h"
#include "select.h"
#include "triage.h"

struct sink {
	struct sink_config cfg;
	pthread_mutex_t lock;            /* the summary and the certificates */
	struct triage *triage;
	unsigned long shown;             /* attempts shown (-c), under lock */
	unsigned long not_selected;      /* attempts the selection left out, under lock */
	int stopped;                     /* -c reached (atomic) */
};

struct sink *sink_new(const struct sink_config *cfg)
{
	struct sink *s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	s->cfg = *cfg;
	if ((s->triage = triage_new()) == NULL) {
		free(s);
		return NULL;
	}
	triage_show_all(s->triage, cfg->full);
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

bool sink_attempt(struct sink *s, struct report_opts *ro, const char *file, const struct facts *f,
		  const struct verdict *v)
{
	bool selected = s->cfg.select == NULL || selection_match(s->cfg.select, f, v);
	if (selected && s->cfg.count > 0 && __atomic_load_n(&s->stopped, __ATOMIC_ACQUIRE))
		return false;
	if (!selected) {
		pthread_mutex_lock(&s->lock);
		s->not_selected++;
		pthread_mutex_unlock(&s->lock);
		return false;
	}
	bool shown = report_attempt(ro, file, f, v);
	struct triage_row row;
	triage_row_from_attempt(&row, file, f, v);
	pthread_mutex_lock(&s->lock);
	/* -c N: runs that count read one input at a time, so the first N shown are the
	 * first N of the output. */
	if (shown && s->cfg.count > 0 && ++s->shown >= s->cfg.count)
		__atomic_store_n(&s->stopped, 1, __ATOMIC_RELEASE);
	triage_add(s->triage, &row);
	if (s->cfg.html != NULL)
		html_add(s->cfg.html, file, f, v);
	if (s->cfg.extract != NULL)
		extract_attempt(s->cfg.extract, file, f, v);
	pthread_mutex_unlock(&s->lock);
	return true;
}

bool sink_stopped(struct sink *s)
{
	return __atomic_load_n(&s->stopped, __ATOMIC_ACQUIRE) != 0;
}

void sink_write_frames(struct sink *s, int linktype, const struct flow_frame *frames, const struct pcapout_note *note)
{
	if (s->cfg.pcapout != NULL)
		pcapout_frames(s->cfg.pcapout, linktype, frames, note);
}

void sink_frames(struct sink *s, int linktype, const struct facts *f, const struct verdict *v,
		 const struct flow_frame *frames)
{
	if (!class_failed(v->cls) || s->cfg.pcapout == NULL || frames == NULL)
		return;
	struct pcapout_note note;
	pcapout_note_make(&note, f, v);
	sink_write_frames(s, linktype, frames, &note);
	pcapout_note_free(&note);
}

bool sink_open_frames(struct sink *s, int linktype)
{
	return s->cfg.pcapout == NULL || pcapout_open(s->cfg.pcapout, linktype);
}

void sink_flush(struct sink *s)
{
	if (s->cfg.pcapout != NULL)
		pcapout_flush(s->cfg.pcapout);
}

/* The summary keys inputs by their name made safe to print. */
static void file_event(struct sink *s, const char *name, void (*record)(struct triage *, const char *))
{
	char key[1024];
	triage_key(name, strlen(name), key, sizeof key);
	pthread_mutex_lock(&s->lock);
	record(s->triage, key);
	pthread_mutex_unlock(&s->lock);
}

void sink_file_read(struct sink *s, const char *name)
{
	file_event(s, name, triage_file_read);
}

void sink_file_error(struct sink *s, const char *name)
{
	file_event(s, name, triage_file_error);
}

void sink_file_skipped(struct sink *s, const char *name)
{
	file_event(s, name, triage_file_skipped);
}

void sink_summary(struct sink *s, FILE *out, bool json)
{
	pthread_mutex_lock(&s->lock);
	if (json) {
		triage_print_json(s->triage, out);
	} else {
		triage_print_text(s->triage, out);
		if (s->not_selected > 0)
			fprintf(out, "   (%lu other attempt(s) not selected: --class, --since, --until, --server, --sni)\n",
				s->not_selected);
		if (__atomic_load_n(&s->stopped, __ATOMIC_ACQUIRE))
			fprintf(out, "   (stopped after %lu attempt(s) shown: -c)\n", s->shown);
	}
	pthread_mutex_unlock(&s->lock);
}

int sink_exit_status(bool all_read, bool fail_on_failures, unsigned long failed)
{
	/* Neither hides the other: a script asking for failures still learns of input it
	 * could not read, and the reverse. */
	bool failures = fail_on_failures && failed > 0;
	if (!all_read)
		return failures ? 4 : 1;
	return failures ? 3 : 0;
}

int sink_close(struct sink *s, int first_linktype, bool all_read)
{
	if (!pcapout_close(s->cfg.pcapout, first_linktype))
		all_read = false;
	if (s->cfg.extract != NULL && !extract_close(s->cfg.extract)) {
		fprintf(stderr, "tlsdiag: --extract-certs %s: some certificates could not be written\n", s->cfg.extract_dir);
		all_read = false;
	}
	if (s->cfg.html != NULL) {
		/* The summary's text, per-server policy included, goes into the report. */
		char *summary = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&summary, &len);
		if (mem != NULL) {
			triage_print_text(s->triage, mem);
			fclose(mem);
		}
		if (!html_write(s->cfg.html, s->triage, summary)) {
			fprintf(stderr, "tlsdiag: --html %s: %s\n", s->cfg.html_path, strerror(errno));
			all_read = false;
		}
		free(summary);
		html_free(s->cfg.html);
	}
	unsigned long failed = triage_failed(s->triage);
	triage_free(s->triage);
	pthread_mutex_destroy(&s->lock);
	bool fail_on_failures = s->cfg.fail_on_failures;
	free(s);
	return sink_exit_status(all_read, fail_on_failures, failed);
}
