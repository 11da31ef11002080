// SPDX-License-Identifier: GPL-2.0
/*
 * AF_XDP in copy mode, for xdp.sh: an XSK socket on queue 0 of IFNAME
 * (libxdp loads its redirect program in native mode), which bounces UDP
 * datagrams to port 9999 back to their sender through its TX ring (MACs,
 * addresses and ports swapped, checksums unchanged) and prints when the
 * first came and how many it bounced.  Frames of other kinds are not sent
 * back.  Stops after N or after TIMEOUT seconds without one (FIRST_WAIT
 * before the first).
 *
 * Usage: xsk_echo IFNAME N TIMEOUT
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <xdp/xsk.h>

#define NUM_FRAMES	4096
#define FRAME_SIZE	XSK_UMEM__DEFAULT_FRAME_SIZE
#define RX_FRAMES	(NUM_FRAMES / 2)	/* the rest are TX buffers */
#define BATCH		64
#define TEST_PORT	9999
/*
 * The sender is python in ns-remote, started after "ready": on a debug kernel
 * under TCG it takes seconds to start, so the first datagram gets this long
 * (as in udp.py) and later ones end the run after a gap of TIMEOUT.
 */
#define FIRST_WAIT	20

static int is_test_udp(const unsigned char *pkt, unsigned int len)
{
	const struct ethhdr *eth = (const void *)pkt;
	const struct iphdr *iph = (const void *)(eth + 1);
	const struct udphdr *udp = (const void *)(iph + 1);

	return len >= sizeof(*eth) + sizeof(*iph) + sizeof(*udp) &&
	       eth->h_proto == htons(ETH_P_IP) && iph->ihl == 5 &&
	       iph->protocol == IPPROTO_UDP && udp->dest == htons(TEST_PORT);
}

static void turn_around(unsigned char *pkt)
{
	struct ethhdr *eth = (void *)pkt;
	struct iphdr *iph = (void *)(eth + 1);
	struct udphdr *udp = (void *)(iph + 1);
	unsigned char mac[ETH_ALEN];
	__u32 addr = iph->saddr;
	__u16 port = udp->source;

	memcpy(mac, eth->h_source, ETH_ALEN);
	memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	memcpy(eth->h_dest, mac, ETH_ALEN);
	iph->saddr = iph->daddr;
	iph->daddr = addr;
	udp->source = udp->dest;
	udp->dest = port;
}

int main(int argc, char **argv)
{
	struct xsk_socket_config cfg = {
		.rx_size = XSK_RING_CONS__DEFAULT_NUM_DESCS,
		.tx_size = XSK_RING_PROD__DEFAULT_NUM_DESCS,
		.xdp_flags = XDP_FLAGS_DRV_MODE,
		.bind_flags = XDP_COPY,
	};
	struct xsk_ring_prod fq, tx;
	struct xsk_ring_cons cq, rx;
	struct xsk_socket *xsk;
	struct xsk_umem *umem;
	unsigned int n, timeout, first_wait, done = 0, next_tx = RX_FRAMES, i;
	time_t last;
	__u32 idx;
	void *buf;
	int err;

	if (argc != 4) {
		fprintf(stderr, "usage: %s IFNAME N TIMEOUT\n", argv[0]);
		return 2;
	}
	n = atoi(argv[2]);
	timeout = atoi(argv[3]);
	first_wait = timeout > FIRST_WAIT ? timeout : FIRST_WAIT;

	buf = mmap(NULL, NUM_FRAMES * FRAME_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return perror("mmap"), 1;
	err = xsk_umem__create(&umem, buf, NUM_FRAMES * FRAME_SIZE, &fq, &cq, NULL);
	if (err)
		return fprintf(stderr, "xsk_umem__create: %s\n", strerror(-err)), 1;
	err = xsk_socket__create(&xsk, argv[1], 0, umem, &rx, &tx, &cfg);
	if (err)
		return fprintf(stderr, "xsk_socket__create: %s\n", strerror(-err)), 1;

	if (xsk_ring_prod__reserve(&fq, RX_FRAMES, &idx) != RX_FRAMES)
		return fprintf(stderr, "fill ring too small\n"), 1;
	for (i = 0; i < RX_FRAMES; i++)
		*xsk_ring_prod__fill_addr(&fq, idx + i) = (__u64)i * FRAME_SIZE;
	xsk_ring_prod__submit(&fq, RX_FRAMES);

	printf("ready\n");
	fflush(stdout);
	last = time(NULL);

	while (done < n && time(NULL) - last < (done ? timeout : first_wait)) {
		struct pollfd pfd = { .fd = xsk_socket__fd(xsk), .events = POLLIN };
		unsigned int rcvd, sent = 0;
		__u32 idx_rx, idx_fq, idx_tx, idx_cq;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		rcvd = xsk_ring_cons__peek(&rx, BATCH, &idx_rx);
		if (!rcvd)
			continue;

		for (i = 0; i < rcvd; i++) {
			const struct xdp_desc *d = xsk_ring_cons__rx_desc(&rx, idx_rx + i);
			unsigned char *pkt = xsk_umem__get_data(buf, d->addr);
			struct xdp_desc *t;

			if (!is_test_udp(pkt, d->len) ||
			    xsk_ring_prod__reserve(&tx, 1, &idx_tx) != 1)
				continue;
			t = xsk_ring_prod__tx_desc(&tx, idx_tx);
			t->addr = (__u64)next_tx * FRAME_SIZE;
			t->len = d->len;
			memcpy(xsk_umem__get_data(buf, t->addr), pkt, d->len);
			turn_around(xsk_umem__get_data(buf, t->addr));
			xsk_ring_prod__submit(&tx, 1);
			next_tx = next_tx + 1 == NUM_FRAMES ? RX_FRAMES : next_tx + 1;
			sent++;
		}

		/* every received buffer goes back to the fill ring */
		while (xsk_ring_prod__reserve(&fq, rcvd, &idx_fq) != rcvd)
			;
		for (i = 0; i < rcvd; i++)
			*xsk_ring_prod__fill_addr(&fq, idx_fq + i) =
				xsk_ring_cons__rx_desc(&rx, idx_rx + i)->addr;
		xsk_ring_prod__submit(&fq, rcvd);
		xsk_ring_cons__release(&rx, rcvd);

		if (sent) {
			/* copy mode: the kick sends through the driver's xmit */
			if (sendto(xsk_socket__fd(xsk), NULL, 0, MSG_DONTWAIT, NULL, 0) < 0 &&
			    errno != EAGAIN && errno != EBUSY && errno != ENOBUFS)
				perror("sendto");
			if (!done)
				printf("first frame %lld s after ready\n",
				       (long long)(time(NULL) - last));
			done += sent;
			last = time(NULL);
		}
		xsk_ring_cons__release(&cq, xsk_ring_cons__peek(&cq, NUM_FRAMES, &idx_cq));
	}

	xsk_socket__delete(xsk);
	xsk_umem__delete(umem);
	printf("%u\n", done);
	return 0;
}
