// SPDX-License-Identifier: GPL-2.0
/*
 * hold-tstamp: keep one socket with SO_TIMESTAMP open until killed, so
 * the kernel's receive timestamping (the netstamp_needed_key static
 * branch) stays on for the test VM's whole life. Every ping a test runs
 * would otherwise switch it on and off, and each switch rewrites the code
 * of the receive path while other CPUs run it; QEMU's TCG does not always
 * see that rewrite through, and a CPU then hits the int3 the kernel
 * placed there for the switch's duration ("Oops: int3" in
 * __netif_receive_skb_core on the stock 6.12 kernel). tests/vm/init
 * starts it before the first script.
 */
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), on = 1;

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP, &on, sizeof(on))) {
		perror("hold-tstamp");
		return 1;
	}
	for (;;)
		pause();
}
