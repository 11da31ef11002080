// SPDX-License-Identifier: GPL-2.0
/*
 * e1k: transmit ring, xmit with checksum/TSO/VLAN offloads, completion,
 * and the XDP frames that share the ring (see e1k_xdp.c).
 *
 * Every packet is sent with extended data descriptors, preceded by a
 * context descriptor when it needs checksum insertion or segmentation.
 * RS is set on the last descriptor of a packet only; completion is seen
 * by its DD bit, never by reading TDH.
 */

#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>

#include "e1k.h"

#define E1K_TX_DATA_CMD		(E1K_TXD_CMD_DEXT | E1K_TXD_CMD_IFCS | \
				 FIELD_PREP(E1K_TXD_DTYP, E1K_TXD_DTYP_DATA))
#define E1K_TX_CTX_CMD		(E1K_TXC_CMD_DEXT | \
				 FIELD_PREP(E1K_TXD_DTYP, E1K_TXD_DTYP_CTX))

#define E1K_IP_CSUM_OFF		offsetof(struct iphdr, check)
#define E1K_TCP_CSUM_OFF	offsetof(struct tcphdr, check)

static u16 e1k_tx_next(const struct e1k_tx_ring *ring, u16 i)
{
	return ++i == ring->count ? 0 : i;
}

static u16 e1k_tx_prev(const struct e1k_tx_ring *ring, u16 i)
{
	return (i ? i : ring->count) - 1;
}

static unsigned int e1k_tx_unused(const struct e1k_tx_ring *ring)
{
	return e1k_ring_unused(READ_ONCE(ring->next_to_clean),
			       READ_ONCE(ring->next_to_use), ring->count);
}

static struct e1k_tx_ctx_desc *e1k_tx_ctx_slot(struct e1k_tx_ring *ring, u16 i)
{
	BUILD_BUG_ON(sizeof(struct e1k_tx_ctx_desc) != sizeof(struct e1k_tx_desc));

	return (struct e1k_tx_ctx_desc *)&ring->desc[i];
}

/**
 * e1k_tx_ring_alloc() - allocate the descriptors and bookkeeping of a TX ring
 * @ring: the ring, without resources
 * @dev: the device that will DMA from it
 * @count: number of descriptors
 *
 * Context: process context, may sleep.
 * Return: 0 or -ENOMEM, with nothing left allocated.
 */
int e1k_tx_ring_alloc(struct e1k_tx_ring *ring, struct device *dev, u16 count)
{
	ring->buf = kvcalloc(count, sizeof(*ring->buf), GFP_KERNEL);
	if (!ring->buf)
		return -ENOMEM;

	ring->desc = dma_alloc_coherent(dev, count * sizeof(*ring->desc), &ring->dma,
					GFP_KERNEL);
	if (!ring->desc)
		goto err_free_buf;

	ring->count = count;
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	return 0;

err_free_buf:
	kvfree(ring->buf);
	ring->buf = NULL;
	return -ENOMEM;
}

/**
 * e1k_tx_ring_free() - free what e1k_tx_ring_alloc() allocated
 * @ring: the ring, flushed
 * @dev: the device
 */
void e1k_tx_ring_free(struct e1k_tx_ring *ring, struct device *dev)
{
	if (!ring->desc)
		return;
	dma_free_coherent(dev, ring->count * sizeof(*ring->desc), ring->desc, ring->dma);
	ring->desc = NULL;
	kvfree(ring->buf);
	ring->buf = NULL;
}

/**
 * e1k_tx_ring_swap() - exchange the resources of two TX rings
 * @a: a ring
 * @b: another ring
 *
 * The counters stay where they are: they belong to the queue, not to the
 * memory behind it.  Context: both rings idle (NAPI and xmit stopped).
 */
void e1k_tx_ring_swap(struct e1k_tx_ring *a, struct e1k_tx_ring *b)
{
	swap(a->desc, b->desc);
	swap(a->buf, b->buf);
	swap(a->dma, b->dma);
	swap(a->count, b->count);
	swap(a->next_to_use, b->next_to_use);
	swap(a->next_to_clean, b->next_to_clean);
}

/**
 * e1k_tx_ring_configure() - program a TX ring into the device, enable TX
 * @adapter: the adapter
 * @ring: the ring, empty
 */
void e1k_tx_ring_configure(struct e1k_adapter *adapter, struct e1k_tx_ring *ring)
{
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	/* A new device context is empty whatever was sent before. */
	ring->csum_ctx.valid = false;
	ring->tso_ctx.valid = false;

	e1k_wr32(adapter, E1K_TDBAL, lower_32_bits(ring->dma));
	e1k_wr32(adapter, E1K_TDBAH, upper_32_bits(ring->dma));
	e1k_wr32(adapter, E1K_TDLEN, ring->count * sizeof(*ring->desc));
	e1k_wr32(adapter, E1K_TDH, 0);
	e1k_wr32(adapter, E1K_TDT, 0);
	e1k_wr32(adapter, E1K_TCTL,
		 E1K_TCTL_EN | E1K_TCTL_PSP | E1K_TCTL_RTLC |
		 FIELD_PREP(E1K_TCTL_CT, 15) | FIELD_PREP(E1K_TCTL_COLD, 63));
}

static void e1k_tx_unmap(struct device *dev, struct e1k_tx_buf *buf)
{
	if (!dma_unmap_len(buf, len))
		return;

	if (buf->mapped_page)
		dma_unmap_page(dev, dma_unmap_addr(buf, dma),
			       dma_unmap_len(buf, len), DMA_TO_DEVICE);
	else
		dma_unmap_single(dev, dma_unmap_addr(buf, dma),
				 dma_unmap_len(buf, len), DMA_TO_DEVICE);
	dma_unmap_len_set(buf, len, 0);
}

/**
 * e1k_tx_ring_flush() - drop every packet still on a TX ring
 * @ring: the ring
 * @dev: the device
 * @txq: its stack queue, whose BQL state is reset
 *
 * Context: TX disabled in the device, NAPI disabled.
 */
void e1k_tx_ring_flush(struct e1k_tx_ring *ring, struct device *dev,
		       struct netdev_queue *txq)
{
	unsigned int dropped = 0;
	u16 i;

	for (i = 0; i < ring->count; i++) {
		struct e1k_tx_buf *buf = &ring->buf[i];

		e1k_tx_unmap(dev, buf);
		if (buf->skb) {
			dev_kfree_skb_any(buf->skb);
			buf->skb = NULL;
			dropped++;
		}
		if (buf->xdpf) {
			xdp_return_frame(buf->xdpf);
			buf->xdpf = NULL;
			dropped++;
		}
		buf->eop = NULL;
	}

	u64_stats_update_begin(&ring->xstats.syncp);
	ring->xstats.dropped += dropped;
	u64_stats_update_end(&ring->xstats.syncp);

	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	netdev_tx_reset_queue(txq);
}

/* ---- Offloads --------------------------------------------------------- */

/*
 * QEMU quirk: after the last full segment of a TSO packet the model sends
 * whatever is left at end of packet, even when that is the bare header.
 * So a payload that is an exact multiple of the MSS, which is what Linux
 * TCP usually hands over, gets a trailing header-only segment: a duplicate
 * ACK (and FIN) for the peer.  Such payloads are cut into one segment more
 * of nearly equal size, so the last one is never empty; segments below the
 * MSS are valid TCP, down to half of it.  A tiny MSS (GRO of a flow of
 * 1-byte segments gives gso_size 1) may leave no such size: then 0, and
 * the packet must be segmented in software.
 */
E1K_STATIC_TESTABLE unsigned int e1k_tx_tso_mss(unsigned int payload, unsigned int mss)
{
	unsigned int floor = mss / 2;

	if (!mss)
		return 0;
	if (payload % mss)
		return mss;

	for (mss = DIV_ROUND_UP(payload, payload / mss + 1); mss > floor; mss--) {
		if (payload % mss)
			return mss;
	}
	return 0;
}

netdev_features_t e1k_features_check(struct sk_buff *skb, struct net_device *netdev,
				     netdev_features_t features)
{
	unsigned int hdr_len, payload;

	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return features;

	/* The context descriptor holds 8-bit offsets from the frame start. */
	if (skb_checksum_start_offset(skb) + skb->csum_offset > FIELD_MAX(E1K_TXC_CSO))
		return features & ~(NETIF_F_CSUM_MASK | NETIF_F_GSO_MASK);

	/* A device that parses the frame itself sums TCP and UDP only. */
	if (e1k_has(netdev_priv(netdev), E1K_CAP_PARSED_OFFLOADS) &&
	    skb->csum_offset != offsetof(struct tcphdr, check) &&
	    skb->csum_offset != offsetof(struct udphdr, check))
		return features & ~(NETIF_F_CSUM_MASK | NETIF_F_GSO_MASK);

	if (!skb_is_gso(skb))
		return features;

	/* A GSO packet with no payload behind its headers is a broken one. */
	hdr_len = skb_tcp_all_headers(skb);
	if (hdr_len > FIELD_MAX(E1K_TXC_HDRLEN) || skb->len <= hdr_len)
		return features & ~NETIF_F_GSO_MASK;

	/*
	 * GRO sets gso_size to the first segment's length, so a forwarded
	 * flow of tiny segments can ask for an MSS the device cannot use
	 * (see e1k_tx_tso_mss()): such packets are segmented in software.
	 */
	payload = skb->len - hdr_len;
	if (payload > skb_shinfo(skb)->gso_size &&
	    !e1k_tx_tso_mss(payload, skb_shinfo(skb)->gso_size))
		return features & ~NETIF_F_GSO_MASK;

	return features;
}

/*
 * TCP segmentation, over IPv4 (NETIF_F_TSO) and, where the device parses
 * the headers itself, IPv6 (NETIF_F_TSO6).  The device rewrites the IP
 * length (and the IPv4 id), the TCP sequence number and flags, and adds
 * each segment's length to the pseudo-header sum it finds in the TCP
 * checksum field, so that sum must leave the length out.
 */
static int e1k_tx_tso_ctx(struct sk_buff *skb, struct e1k_tx_ctx_desc *ctx,
			  unsigned int hdr_len, u16 *segs)
{
	unsigned int ip_off = skb_network_offset(skb);
	unsigned int tcp_off = skb_transport_offset(skb);
	unsigned int payload = skb->len - hdr_len;
	unsigned int mss = e1k_tx_tso_mss(payload, skb_shinfo(skb)->gso_size);
	u32 ip_setup = FIELD_PREP(E1K_TXC_CSS, ip_off) | FIELD_PREP(E1K_TXC_CSE, tcp_off - 1);
	u32 cmd = E1K_TX_CTX_CMD | E1K_TXC_CMD_TSE | E1K_TXC_CMD_TCP;
	struct tcphdr *th;
	int err;

	/* e1k_features_check() sends such packets to software GSO. */
	if (WARN_ON_ONCE(!mss))
		return -EINVAL;

	err = skb_cow_head(skb, 0);
	if (err)
		return err;

	th = tcp_hdr(skb);
	if (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV6) {
		/* No header checksum; the IP length is the payload's. */
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		ip6h->payload_len = 0;
		th->check = ~csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, 0, IPPROTO_TCP, 0);
	} else {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = 0;
		iph->check = 0;
		th->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr, 0, IPPROTO_TCP, 0);
		ip_setup |= FIELD_PREP(E1K_TXC_CSO, ip_off + E1K_IP_CSUM_OFF);
		cmd |= E1K_TXC_CMD_IP;
	}
	*segs = DIV_ROUND_UP(payload, mss);

	ctx->ip_setup = cpu_to_le32(ip_setup);
	ctx->tu_setup = cpu_to_le32(FIELD_PREP(E1K_TXC_CSS, tcp_off) |
				    FIELD_PREP(E1K_TXC_CSO, tcp_off + E1K_TCP_CSUM_OFF));
	ctx->cmd_len = cpu_to_le32(cmd | FIELD_PREP(E1K_TXC_PAYLEN, payload));
	ctx->seg_setup = cpu_to_le32(FIELD_PREP(E1K_TXC_HDRLEN, hdr_len) |
				     FIELD_PREP(E1K_TXC_MSS, mss));
	return 0;
}

/* A GSO packet that fits one segment goes out as a plain checksummed frame. */
static bool e1k_tx_needs_tso(const struct sk_buff *skb, unsigned int *hdr_len)
{
	if (!skb_is_gso(skb))
		return false;

	*hdr_len = skb_tcp_all_headers(skb);
	return skb->len > *hdr_len + skb_shinfo(skb)->gso_size;
}

/*
 * NETIF_F_HW_CSUM: the device sums from csum_start to the end of the frame
 * and stores the result at csum_start + csum_offset, over the pseudo-header
 * sum the stack left there.  This works for any L3/L4 combination.
 */
static void e1k_tx_csum_ctx(const struct sk_buff *skb, struct e1k_tx_ctx_desc *ctx)
{
	unsigned int css = skb_checksum_start_offset(skb);

	ctx->ip_setup = 0;
	ctx->tu_setup = cpu_to_le32(FIELD_PREP(E1K_TXC_CSS, css) |
				    FIELD_PREP(E1K_TXC_CSO, css + skb->csum_offset));
	ctx->cmd_len = cpu_to_le32(E1K_TX_CTX_CMD);
	ctx->seg_setup = 0;
}

/*
 * QEMU quirk: the 8254x model keeps two sticky contexts, one used by TSO
 * data descriptors and one by the others, so the last context of each kind
 * can be cached and an identical one skipped.  The 82574L model (like real
 * silicon) keeps one, so there both kinds share one cache.
 */
static bool e1k_tx_ctx_cached(const struct e1k_tx_ctx *cache,
			      const struct e1k_tx_ctx_desc *ctx)
{
	return cache->valid && !memcmp(&cache->desc, ctx, sizeof(*ctx));
}

/* ---- Descriptor mapping ------------------------------------------------- */

static unsigned int e1k_tx_desc_count(const struct sk_buff *skb)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int count, f;

	/* A context descriptor, then the linear part and every fragment. */
	count = 1 + DIV_ROUND_UP(skb_headlen(skb), E1K_TX_MAX_BUF);
	for (f = 0; f < shinfo->nr_frags; f++)
		count += DIV_ROUND_UP(skb_frag_size(&shinfo->frags[f]), E1K_TX_MAX_BUF);
	return count;
}

/*
 * A failed mapping, real or injected (debugfs tx_map_fail).  An injected
 * failure unmaps what was mapped, as a real one leaves nothing mapped.
 */
static bool e1k_tx_map_failed(struct e1k_adapter *adapter, dma_addr_t dma,
			      unsigned int len, bool page)
{
	struct device *dev = &adapter->pdev->dev;

	if (dma_mapping_error(dev, dma))
		return true;
	if (!e1k_fault_hit(&adapter->fault.tx_map_fail))
		return false;
	if (page)
		dma_unmap_page(dev, dma, len, DMA_TO_DEVICE);
	else
		dma_unmap_single(dev, dma, len, DMA_TO_DEVICE);
	return true;
}

/*
 * Put one DMA mapping, checked with e1k_tx_map_failed(), on the ring, split
 * into E1K_TX_MAX_BUF pieces.
 */
static void e1k_tx_map_buf(struct e1k_tx_ring *ring, dma_addr_t dma, unsigned int len,
			   bool page, u16 *index, u32 cmd, u32 status)
{
	struct e1k_tx_buf *buf = &ring->buf[*index];
	u16 i = *index;

	dma_unmap_addr_set(buf, dma, dma);
	dma_unmap_len_set(buf, len, len);
	buf->mapped_page = page;

	do {
		struct e1k_tx_desc *desc = &ring->desc[i];
		unsigned int size = min(len, E1K_TX_MAX_BUF);

		desc->addr = cpu_to_le64(dma);
		desc->cmd_len = cpu_to_le32(cmd | FIELD_PREP(E1K_TXD_LEN, size));
		desc->status = cpu_to_le32(status);
		dma += size;
		len -= size;
		i = e1k_tx_next(ring, i);
	} while (len);

	*index = i;
}

static int e1k_tx_map(struct e1k_adapter *adapter, struct e1k_tx_ring *ring,
		      struct sk_buff *skb, u16 *index, u32 cmd, u32 status)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	struct device *dev = &adapter->pdev->dev;
	unsigned int len = skb_headlen(skb);
	u16 i = *index;
	unsigned int f;
	dma_addr_t dma;

	if (len) {
		dma = dma_map_single(dev, skb->data, len, DMA_TO_DEVICE);
		if (e1k_tx_map_failed(adapter, dma, len, false))
			return -ENOMEM;
		e1k_tx_map_buf(ring, dma, len, false, &i, cmd, status);
	}

	for (f = 0; f < shinfo->nr_frags; f++) {
		const skb_frag_t *frag = &shinfo->frags[f];

		len = skb_frag_size(frag);
		if (!len)
			continue;
		dma = skb_frag_dma_map(dev, frag, 0, len, DMA_TO_DEVICE);
		if (e1k_tx_map_failed(adapter, dma, len, true))
			goto err_unmap;
		e1k_tx_map_buf(ring, dma, len, true, &i, cmd, status);
	}

	if (i == *index)
		return -EINVAL;

	*index = i;
	return 0;

err_unmap:
	for (; *index != i; *index = e1k_tx_next(ring, *index))
		e1k_tx_unmap(dev, &ring->buf[*index]);
	return -ENOMEM;
}

/* ---- Transmit --------------------------------------------------------- */

static void e1k_tx_count_drop(struct e1k_tx_ring *ring)
{
	u64_stats_update_begin(&ring->xstats.syncp);
	ring->xstats.dropped++;
	u64_stats_update_end(&ring->xstats.syncp);
}

/*
 * Descriptors of earlier packets of an xmit_more batch may still wait for
 * their tail write; a packet that is not queued must not strand them.
 */
static void e1k_tx_flush_tail(struct e1k_adapter *adapter, struct e1k_tx_ring *ring)
{
	if (!netdev_xmit_more())
		e1k_wr32(adapter, E1K_TDT, ring->next_to_use);
}

netdev_tx_t e1k_xmit_frame(struct sk_buff *skb, struct net_device *netdev)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	u16 queue = skb_get_queue_mapping(skb);
	struct netdev_queue *txq = netdev_get_tx_queue(netdev, queue);
	struct e1k_tx_ring *ring = &adapter->tx_ring[queue];
	u32 cmd = E1K_TX_DATA_CMD, popts = 0, status;
	struct e1k_tx_ctx *cache = NULL;
	struct e1k_tx_ctx_desc ctx;
	unsigned int hdr_len = 0;
	struct e1k_tx_buf *first;
	u16 segs = 1, i, last;
	bool ctx_sent = false;
	bool kick;
	u32 bytes;

	if (unlikely(e1k_tx_unused(ring) < e1k_tx_desc_count(skb))) {
		netif_tx_stop_queue(txq);
		u64_stats_update_begin(&ring->xstats.syncp);
		ring->xstats.busy++;
		u64_stats_update_end(&ring->xstats.syncp);
		e1k_wr32(adapter, E1K_TDT, ring->next_to_use);
		return NETDEV_TX_BUSY;
	}

	if (e1k_tx_needs_tso(skb, &hdr_len)) {
		if (e1k_tx_tso_ctx(skb, &ctx, hdr_len, &segs))
			goto err_drop;
		cache = &ring->tso_ctx;
		cmd |= E1K_TXD_CMD_TSE;
		popts = E1K_TXD_POPTS_TXSM;
		if (!(skb_shinfo(skb)->gso_type & SKB_GSO_TCPV6))
			popts |= E1K_TXD_POPTS_IXSM;
	} else if (skb->ip_summed == CHECKSUM_PARTIAL) {
		e1k_tx_csum_ctx(skb, &ctx);
		/* One context for both kinds: a TSO one must be replaced. */
		cache = e1k_has(adapter, E1K_CAP_PARSED_OFFLOADS) ? &ring->tso_ctx :
								    &ring->csum_ctx;
		popts = E1K_TXD_POPTS_TXSM;
	}

	status = FIELD_PREP(E1K_TXD_POPTS, popts);
	if (skb_vlan_tag_present(skb)) {
		/* Inserted only while CTRL.VME is set, see e1k_fix_features(). */
		cmd |= E1K_TXD_CMD_VLE;
		status |= FIELD_PREP(E1K_TXD_SPECIAL, skb_vlan_tag_get(skb));
	}

	i = ring->next_to_use;
	first = &ring->buf[i];
	if (cache && !e1k_tx_ctx_cached(cache, &ctx)) {
		*e1k_tx_ctx_slot(ring, i) = ctx;
		i = e1k_tx_next(ring, i);
		ctx_sent = true;
	}

	if (e1k_tx_map(adapter, ring, skb, &i, cmd, status))
		goto err_drop;

	if (ctx_sent) {
		cache->desc = ctx;
		cache->valid = true;
	}

	last = e1k_tx_prev(ring, i);
	ring->desc[last].cmd_len |= cpu_to_le32(E1K_TXD_CMD_EOP | E1K_TXD_CMD_RS);

	bytes = skb->len + (segs - 1) * hdr_len;
	first->type = E1K_TX_SKB;
	first->skb = skb;
	first->bytes = bytes;
	first->segs = segs;

	u64_stats_update_begin(&ring->xstats.syncp);
	if (popts)
		ring->xstats.csum++;
	if (cmd & E1K_TXD_CMD_TSE) {
		ring->xstats.tso_packets++;
		ring->xstats.tso_bytes += bytes;
		ring->xstats.tso_segs += segs;
	}
	u64_stats_update_end(&ring->xstats.syncp);

	skb_tx_timestamp(skb);

	/*
	 * BQL learns of the bytes before the cleaner can see the packet: a
	 * device that reports it done early (before the doorbell, debugfs
	 * tx_early_dd) would otherwise make BQL complete bytes it was never
	 * told were queued, which dql_completed() treats as a BUG.
	 */
	kick = __netdev_tx_sent_queue(txq, bytes, netdev_xmit_more());
	if (e1k_fault_hit(&adapter->fault.tx_early_dd))
		ring->desc[last].status |= cpu_to_le32(E1K_TXD_STA_DD);

	/* Descriptors and bookkeeping before the cleaner may see the packet. */
	smp_store_release(&first->eop, &ring->desc[last]);
	WRITE_ONCE(ring->next_to_use, i);

	if (!netif_txq_maybe_stop(txq, e1k_tx_unused(ring), E1K_TX_DESC_NEEDED,
				  E1K_TX_WAKE_THRESH)) {
		u64_stats_update_begin(&ring->xstats.syncp);
		ring->xstats.stop++;
		u64_stats_update_end(&ring->xstats.syncp);
	}

	/*
	 * The model sends the whole batch inside this write.  BQL asked for
	 * it before the ring-full check above; a queue that check stopped
	 * gets no further xmit_more packet to ring the bell for it.
	 */
	if (kick || netif_tx_queue_stopped(txq))
		e1k_wr32(adapter, E1K_TDT, i);

	return NETDEV_TX_OK;

err_drop:
	e1k_tx_count_drop(ring);
	dev_kfree_skb_any(skb);
	e1k_tx_flush_tail(adapter, ring);
	return NETDEV_TX_OK;
}

/* ---- Completion ------------------------------------------------------- */

/* Free what a completed slot carried; true if it counts for BQL. */
static bool e1k_tx_free_buf(struct e1k_tx_buf *first, int napi_budget)
{
	switch (first->type) {
	case E1K_TX_XDP_TX:
		/* A page of this NAPI's own pool: straight back to its cache. */
		if (napi_budget)
			xdp_return_frame_rx_napi(first->xdpf);
		else
			xdp_return_frame(first->xdpf);
		first->xdpf = NULL;
		return false;
	case E1K_TX_XDP_XMIT:
		xdp_return_frame(first->xdpf);
		first->xdpf = NULL;
		return false;
	default:
		napi_consume_skb(first->skb, napi_budget);
		first->skb = NULL;
		return true;
	}
}

/**
 * e1k_tx_clean() - reclaim completed TX descriptors
 * @adapter: the adapter
 * @ring: the ring
 * @napi_budget: NAPI budget, 0 from netpoll
 *
 * Context: NAPI.
 */
void e1k_tx_clean(struct e1k_adapter *adapter, struct e1k_tx_ring *ring, int napi_budget)
{
	struct netdev_queue *txq = netdev_get_tx_queue(adapter->netdev, ring - adapter->tx_ring);
	struct device *dev = &adapter->pdev->dev;
	unsigned int bql_bytes = 0, frames = 0, bytes = 0;
	u16 i = ring->next_to_clean;
	int woken;

	for (;;) {
		struct e1k_tx_buf *first = &ring->buf[i];
		struct e1k_tx_desc *eop;
		bool done;
		u16 last;

		/* Pairs with smp_store_release() in e1k_xmit_frame(). */
		eop = smp_load_acquire(&first->eop);
		if (!eop || !(READ_ONCE(eop->status) & cpu_to_le32(E1K_TXD_STA_DD)))
			break;
		/*
		 * A zero budget is netpoll, maybe with hard IRQs off, where
		 * XDP and page pool calls are not allowed: XDP frames wait
		 * for the next real poll, and so does all behind them.
		 */
		if (!napi_budget && first->type != E1K_TX_SKB)
			break;

		last = eop - ring->desc;
		frames += first->segs;
		bytes += first->bytes;
		first->eop = NULL;

		do {
			e1k_tx_unmap(dev, &ring->buf[i]);
			done = i == last;
			i = e1k_tx_next(ring, i);
		} while (!done);

		/* XDP frames never went through BQL's sent side. */
		if (e1k_tx_free_buf(first, napi_budget))
			bql_bytes += first->bytes;
	}

	if (!frames)
		return;

	WRITE_ONCE(ring->next_to_clean, i);

	/*
	 * BQL's completion orders the new next_to_clean before the stopped
	 * bit is read, but skips that when no stack bytes completed: a pass
	 * that freed only XDP frames needs a barrier of its own.
	 */
	if (!bql_bytes)
		smp_mb(); /* pairs with the one in netif_txq_maybe_stop() */

	/*
	 * Any completed frame, stack or XDP, frees room: a stopped queue
	 * whose ring drains only XDP frames must wake too (the macro wakes
	 * only for a non-zero packet count, so it is given all frames).
	 * A poll still running after e1k_disable() stopped the queue must not
	 * wake it: the stack would send into a ring about to be flushed and
	 * freed, and the skbs left in it would be lost (kmemleak saw them).
	 */
	woken = __netif_txq_completed_wake(txq, frames, bql_bytes, e1k_tx_unused(ring),
					   E1K_TX_WAKE_THRESH,
					   test_bit(E1K_STATE_DOWN, &adapter->state));

	u64_stats_update_begin(&ring->cstats.syncp);
	ring->cstats.packets += frames;
	ring->cstats.bytes += bytes;
	if (!woken)
		ring->cstats.restart_queue++;
	u64_stats_update_end(&ring->cstats.syncp);
}

/* ---- XDP ---------------------------------------------------------------- */

/**
 * e1k_tx_xdp_frame() - queue one XDP frame on a TX ring
 * @adapter: the adapter
 * @ring: the ring
 * @xdpf: the frame
 * @type: %E1K_TX_XDP_TX or %E1K_TX_XDP_XMIT, how to free it when sent
 *
 * Leaves room for one stack packet, so the stack's xmit never finds a
 * ring that XDP filled behind its back.  The tail is not written: the
 * caller does that once per batch with e1k_tx_xdp_kick().
 * Context: the ring's TX queue lock held.
 * Return: 0, -ENOSPC if the ring is full, -ENOMEM if DMA mapping failed.
 */
int e1k_tx_xdp_frame(struct e1k_adapter *adapter, struct e1k_tx_ring *ring,
		     struct xdp_frame *xdpf, enum e1k_tx_type type)
{
	struct device *dev = &adapter->pdev->dev;
	u16 i = ring->next_to_use;
	struct e1k_tx_buf *first = &ring->buf[i];
	unsigned int len = xdpf->len;
	dma_addr_t dma;

	/* One data descriptor, and a whole stack packet's worth left over. */
	if (unlikely(len > E1K_TX_MAX_BUF ||
		     e1k_tx_unused(ring) <= E1K_TX_DESC_NEEDED))
		return -ENOSPC;

	dma = dma_map_single(dev, xdpf->data, len, DMA_TO_DEVICE);
	if (e1k_tx_map_failed(adapter, dma, len, false))
		return -ENOMEM;
	e1k_tx_map_buf(ring, dma, len, false, &i,
		       E1K_TX_DATA_CMD | E1K_TXD_CMD_EOP | E1K_TXD_CMD_RS, 0);

	first->type = type;
	first->xdpf = xdpf;
	first->bytes = len;
	first->segs = 1;

	/* Descriptors and bookkeeping before the cleaner may see the frame. */
	smp_store_release(&first->eop, &ring->desc[ring->next_to_use]);
	WRITE_ONCE(ring->next_to_use, i);
	return 0;
}

/**
 * e1k_tx_xdp_kick() - hand the queued XDP frames to the device (TDT write)
 * @adapter: the adapter
 * @ring: the ring
 *
 * Context: the ring's TX queue lock held.
 */
void e1k_tx_xdp_kick(struct e1k_adapter *adapter, struct e1k_tx_ring *ring)
{
	struct netdev_queue *txq = netdev_get_tx_queue(adapter->netdev, ring - adapter->tx_ring);

	txq_trans_cond_update(txq);
	e1k_wr32(adapter, E1K_TDT, ring->next_to_use);
}
