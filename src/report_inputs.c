/*
 * report_inputs.c — the output stage's records about inputs rather than attempts: the
 * JSON "file", "error" and "skipped" records (report.h).
 */
#include "report.h"

#include <pcap/pcap.h>

#include "json.h"

void report_json_file(FILE *out, const struct report_file *r)
{
	struct json j = { out, false };
	const char *lt = pcap_datalink_val_to_name(r->linktype);
	json_begin_object(&j);
	json_key(&j, "type"); json_string(&j, "file");
	json_key(&j, "file"); json_string(&j, r->file);
	json_key(&j, "link_type"); json_string(&j, lt ? lt : "?");
	json_key(&j, "packets"); json_int(&j, (long long)r->packets);
	json_key(&j, "bytes"); json_int(&j, (long long)r->bytes);
	json_key(&j, "attempts"); json_int(&j, (long long)r->attempts);
	json_key(&j, "failed"); json_int(&j, (long long)r->failed);
	json_key(&j, "complete"); json_bool(&j, r->complete);
	json_end_object(&j);
	fputc('\n', out);
}

void report_json_input(FILE *out, bool error, bool not_capture, const char *file, const char *message)
{
	struct json j = { out, false };
	json_begin_object(&j);
	json_key(&j, "type"); json_string(&j, error ? "error" : "skipped");
	json_key(&j, "file"); json_string(&j, file);
	json_key(&j, "message"); json_string(&j, message);
	if (not_capture) {
		json_key(&j, "not_capture");
		json_bool(&j, true);
	}
	json_end_object(&j);
	fputc('\n', out);
}
