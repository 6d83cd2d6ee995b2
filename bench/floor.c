/*
 * floor.c - the benchmark's floor: the least any libpcap-based reader must spend.
 *
 * Reads a capture with libpcap and only counts packets and captured bytes, so its
 * time is what reading the file through libpcap costs before any analysis. The file
 * is opened with a 1 MiB stdio buffer: pcap_open_offline() reads through stdio's
 * default 4 KiB buffer, one read() per 4 KiB, which roughly doubles this loop's time
 * and would make the floor look higher than it is. The buffer is supplied: glibc's
 * setvbuf ignores the size when it is asked to allocate the buffer itself.
 *
 * usage: floor [-d] CAPTURE     prints "packets N bytes B"
 *   -d   libpcap as most programs use it: pcap_open_offline, stdio's default buffer
 */
/* libpcap's headers use u_int and u_char, which glibc declares only with this. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t packets = 0, bytes = 0;
	FILE *fp;
	pcap_t *pc;
	int rc;

	int arg = 1;
	int stdio_default = argc == 3 && argv[1][0] == '-' && argv[1][1] == 'd' && argv[1][2] == '\0';
	if (stdio_default)
		arg = 2;
	if (argc != arg + 1) {
		fprintf(stderr, "usage: floor [-d] CAPTURE\n");
		return 2;
	}
	const char *path = argv[arg];
	if (stdio_default) {
		pc = pcap_open_offline(path, err);
		if (!pc) {
			fprintf(stderr, "floor: %s: %s\n", path, err);
			return 1;
		}
		goto read;
	}
	fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		return 1;
	}
	static char buffer[1 << 20];
	if (setvbuf(fp, buffer, _IOFBF, sizeof buffer) != 0) {
		fprintf(stderr, "floor: setvbuf failed\n");
		fclose(fp);
		return 1;
	}
	/* pcap_close() closes fp too. */
	pc = pcap_fopen_offline(fp, err);
	if (!pc) {
		fprintf(stderr, "floor: %s: %s\n", path, err);
		fclose(fp);
		return 1;
	}
read:
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		packets++;
		bytes += h->caplen;
	}
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "floor: %s: %s\n", path, pcap_geterr(pc));
		pcap_close(pc);
		return 1;
	}
	pcap_close(pc);
	printf("packets %" PRIu64 " bytes %" PRIu64 "\n", packets, bytes);
	return 0;
}
