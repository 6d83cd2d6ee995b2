/*
 * dsb.c — the secrets of Decryption Secrets Blocks into the capture's key log (dsb.h).
 *
 * The block itself (its lengths, its padding) is pcapng.c's to read; here only what its
 * secrets are: a TLS key log's lines (keylog.c parses them, each line bounded there).
 */
#include "dsb.h"

void dsb_take(struct keylog *kl, uint32_t secrets_type, const uint8_t *secrets, size_t len, struct dsb_stats *stats)
{
	if (secrets == NULL) {
		stats->too_large++;
		return;
	}
	if (secrets_type != DSB_SECRETS_TLS_KEYLOG) {
		stats->other_blocks++;
		return;
	}
	stats->blocks++;
	keylog_add_text(kl, secrets, len, &stats->lines);
}
