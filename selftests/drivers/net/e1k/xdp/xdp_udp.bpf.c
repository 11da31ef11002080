// SPDX-License-Identifier: GPL-2.0
/*
 * XDP programs for xdp.sh, built by xdp/build.sh with clang -target bpf
 * once per action (-DE1K_ACTION=...).  They act on UDP to port 9999 only
 * and pass everything else, so ARP, ND and the test's own control traffic
 * keep working while a program is attached.  XDP_TX turns the datagram
 * around (MACs, addresses and ports swapped; both checksums stay valid,
 * since a swap does not change a ones'-complement sum): the sender gets
 * an echo it can count.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define TEST_PORT	9999

#ifndef E1K_ACTION
#define E1K_ACTION	XDP_PASS
#endif

static __always_inline void swap16(__u16 *a, __u16 *b)
{
	__u16 t = *a;

	*a = *b;
	*b = t;
}

static __always_inline void swap_mac(struct ethhdr *eth)
{
	__u8 tmp[ETH_ALEN];

	__builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
}

SEC("xdp")
int e1k_xdp_udp(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct udphdr *udp;
	struct iphdr *iph;
	__u32 addr;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > data_end || iph->ihl != 5 || iph->protocol != IPPROTO_UDP)
		return XDP_PASS;
	udp = (void *)(iph + 1);
	if ((void *)(udp + 1) > data_end || udp->dest != bpf_htons(TEST_PORT))
		return XDP_PASS;

	if (E1K_ACTION == XDP_TX) {
		swap_mac(eth);
		addr = iph->saddr;
		iph->saddr = iph->daddr;
		iph->daddr = addr;
		swap16(&udp->source, &udp->dest);
	}
	return E1K_ACTION;
}

char _license[] SEC("license") = "GPL";
