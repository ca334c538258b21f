// SPDX-License-Identifier: GPL-2.0
/*
 * srcroute HOP DEST: send one UDP datagram to DEST with a loose source
 * route through HOP (the IPv4 LSRR option), as any host may: the packet's
 * destination field holds HOP, the option names DEST. The integration
 * tests send it across a peering, whose verdict must refuse it.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	/* LSRR, length 7, pointer 4, the hop; END pads it to a word. */
	unsigned char opt[8] = { IPOPT_LSRR, 7, 4 };
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct in_addr hop;
	int fd;

	if (argc != 3 || inet_pton(AF_INET, argv[1], &hop) != 1 ||
	    inet_pton(AF_INET, argv[2], &dst.sin_addr) != 1) {
		fputs("usage: srcroute HOP DEST (IPv4 addresses)\n", stderr);
		return 2;
	}
	memcpy(opt + 3, &hop, sizeof(hop));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_OPTIONS, opt, sizeof(opt)) ||
	    sendto(fd, "srcroute", 8, 0, (struct sockaddr *)&dst, sizeof(dst)) != 8) {
		perror("srcroute");
		return 1;
	}
	return 0;
}
