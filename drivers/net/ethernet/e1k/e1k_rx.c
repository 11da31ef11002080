// SPDX-License-Identifier: GPL-2.0
/*
 * e1k: receive ring backed by a page pool, NAPI receive, skb building.
 *
 * The device writes at most E1K_RX_BUF_LEN bytes into each descriptor's
 * buffer (RCTL.BSIZE = 2048).  Two layouts:
 *
 * - Half pages (no XDP program): two buffers share an order-0 page, handed
 *   out by the page pool as fragments.  A frame that fits beside
 *   skb_shared_info (any frame at MTU 1500) becomes an skb in place, with
 *   no headroom: the device's 2 KiB start at the half's first byte, and
 *   headroom would move the buffer's end into the other half.  A stack
 *   that must push a header in front (a tunnel, a VLAN tag on a forwarded
 *   frame) reallocates the head, as it does for any skb short of room.
 *   A longer frame, or the first buffer of a jumbo one, has its headers
 *   copied into a small skb head, the rest staying in the page as a
 *   fragment.  Under QEMU's TCG every page the guest touches costs a
 *   soft-TLB fill: two frames per page took TCP RX on the 82574L from
 *   ~1,150 to ~1,290 Mbit/s.  Building in place spares each frame a second
 *   page and the header copy (docs/performance.md has what that measured).
 *   Half pages also halve the memory the ring pins and each frame's
 *   truesize.
 * - Full pages (an XDP program): a page per buffer, the device writing at
 *   E1K_RX_HEADROOM; the headroom and the tailroom for skb_shared_info let
 *   the page become the skb head without a copy, as XDP (adjust_head,
 *   redirect to a CPU map) needs.  Each frame is one buffer (the MTU is
 *   limited to that) and goes through the program first (e1k_xdp.c).
 *
 * The layout is chosen per buffer when it is posted, and each buffer keeps
 * its own (struct e1k_rx_buf): attaching or detaching a program changes
 * only what is posted next, so the ring is never rebuilt and no frame is
 * lost.  The buffers posted before an attach reach the program as copies
 * in full pages; those posted before a detach become skbs as full pages.
 *
 * Frames longer than one buffer span descriptors and are chained as page
 * fragments, which is how jumbo frames arrive.
 */

#include <linux/bitfield.h>
#include <linux/etherdevice.h>

#include "e1k.h"

/*
 * Frames up to this size are copied into a small skb and their page goes
 * straight back to the pool: a 4 KiB page per 64-byte datagram would make
 * socket buffers overflow long before their byte limit (truesize).
 */
#define E1K_RX_COPYBREAK	256

/* Refill without a tail write every this many consumed buffers. */
#define E1K_RX_REFILL_BATCH	32

static_assert(E1K_RX_HEADROOM + E1K_RX_BUF_LEN +
	      SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) <= PAGE_SIZE);
static_assert(2 * E1K_RX_BUF_LEN <= PAGE_SIZE);
/*
 * A single-buffer frame up to this long becomes an skb in its half page,
 * skb_shared_info after it; a longer one, or the first buffer of a jumbo
 * frame, has its headers (up to E1K_RX_COPYBREAK) copied into a new head.
 */
#define E1K_RX_HALF_LINEAR	(E1K_RX_BUF_LEN - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))
static_assert(E1K_RX_COPYBREAK < E1K_RX_HALF_LINEAR);
/* Every frame of MTU 1500, with a VLAN tag not stripped. */
static_assert(E1K_RX_HALF_LINEAR >= VLAN_ETH_FRAME_LEN);

static u16 e1k_rx_next(const struct e1k_rx_ring *ring, u16 i)
{
	return ++i == ring->count ? 0 : i;
}

/* Slots holding no posted buffer. */
static unsigned int e1k_rx_unused(const struct e1k_rx_ring *ring)
{
	return e1k_ring_unused(ring->next_to_clean, ring->next_to_use, ring->count);
}

u32 e1k_rx_rctl_bits(struct net_device *netdev, netdev_features_t features)
{
	u32 rctl = FIELD_PREP(E1K_RCTL_BSIZE, E1K_RCTL_BSIZE_2048) |
		   FIELD_PREP(E1K_RCTL_RDMTS, E1K_RCTL_RDMTS_HALF);

	if (netdev->mtu > ETH_DATA_LEN)
		rctl |= E1K_RCTL_LPE;
	/* Without SECRC the length includes an FCS (never written by QEMU). */
	if (!(features & NETIF_F_RXFCS))
		rctl |= E1K_RCTL_SECRC;
	if (features & NETIF_F_RXALL)
		rctl |= E1K_RCTL_SBP;
	return rctl;
}

/* Largest frame the stack may get; longer ones are dropped as oversize. */
static unsigned int e1k_rx_max_frame(const struct net_device *netdev)
{
	netdev_features_t features = READ_ONCE(netdev->features);
	unsigned int max = READ_ONCE(netdev->mtu) + ETH_HLEN + 2 * VLAN_HLEN;

	if (features & NETIF_F_RXALL)
		return UINT_MAX;
	if (features & NETIF_F_RXFCS)
		max += ETH_FCS_LEN;
	return max;
}

/*
 * A buffer from the pool: half a page, or with @full a whole one.  Both
 * come as fragments, which every kernel's pool (6.1's only if made with
 * PP_FLAG_PAGE_FRAG) lets share one pool and one way back.
 */
static struct page *e1k_rx_alloc(struct e1k_adapter *adapter, struct e1k_rx_ring *ring,
				 bool full, gfp_t gfp, struct e1k_rx_buf *buf)
{
	unsigned int offset;
	struct page *page;

	/* Fault injection (debugfs rx_alloc_fail): memory pressure. */
	if (e1k_fault_hit(&adapter->fault.rx_alloc_fail))
		return NULL;
	page = page_pool_alloc_frag(ring->pp, &offset, full ? PAGE_SIZE : E1K_RX_BUF_LEN,
				    gfp | __GFP_NOWARN);
	if (unlikely(!page))
		return NULL;
	buf->page = page;
	buf->offset = full ? E1K_RX_HEADROOM : offset;
	buf->full = full;
	return page;
}

/*
 * Post a buffer to every free slot, full pages if an XDP program is
 * attached; the caller writes RDT.
 */
static void e1k_rx_refill(struct e1k_adapter *adapter, struct e1k_rx_ring *ring, bool full,
			  gfp_t gfp)
{
	unsigned int unused = e1k_rx_unused(ring);
	u16 i = ring->next_to_use;

	while (unused--) {
		struct e1k_rx_desc *desc = &ring->desc[i];
		struct e1k_rx_buf *buf = &ring->bufs[i];

		if (unlikely(!e1k_rx_alloc(adapter, ring, full, gfp, buf))) {
			u64_stats_update_begin(&ring->stats.syncp);
			ring->stats.alloc_failed++;
			u64_stats_update_end(&ring->stats.syncp);
			break;
		}

		desc->addr = cpu_to_le64(page_pool_get_dma_addr(buf->page) + buf->offset);
		/* DD clear in either format; the 8254x never writes errors. */
		desc->meta = 0;
		i = e1k_rx_next(ring, i);
	}

	ring->next_to_use = i;
}

/**
 * e1k_rx_ring_fill() - post buffers to every free slot of an idle RX ring
 * @adapter: the adapter
 * @ring: the ring, not yet programmed into the device
 *
 * The tail is written when the ring is programmed (e1k_rx_ring_configure()).
 * Context: process context, may sleep.
 * Return: 0, or -ENOMEM if not a single buffer could be posted.
 */
int e1k_rx_ring_fill(struct e1k_adapter *adapter, struct e1k_rx_ring *ring)
{
	/* Fault injection (debugfs rx_fill_fail): not a single page to be had. */
	if (e1k_fault_hit(&adapter->fault.rx_fill_fail))
		return -ENOMEM;

	e1k_rx_refill(adapter, ring, !!rcu_access_pointer(adapter->xdp_prog), GFP_KERNEL);
	return ring->next_to_use == ring->next_to_clean ? -ENOMEM : 0;
}

/**
 * e1k_rx_ring_flush() - return every posted page to the pool
 * @ring: the ring
 *
 * Also drops a frame left half-assembled.
 * Context: RX disabled in the device, NAPI disabled.
 */
void e1k_rx_ring_flush(struct e1k_rx_ring *ring)
{
	u16 i;

	if (ring->skb) {
		dev_kfree_skb_any(ring->skb);
		ring->skb = NULL;
	}
	ring->discard = false;

	for (i = 0; i < ring->count; i++) {
		if (!ring->bufs[i].page)
			continue;
		page_pool_put_full_page(ring->pp, ring->bufs[i].page, false);
		ring->bufs[i].page = NULL;
	}
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
}

/**
 * e1k_rx_ring_alloc() - allocate an RX ring and post its buffers
 * @adapter: the adapter
 * @ring: the ring, without resources
 * @queue: the queue the ring will serve (@ring may be a temporary, not yet
 *	   in the adapter's array)
 * @count: number of descriptors
 * @napi: the NAPI that will poll the ring, for the page pool's direct
 *	  recycling, or NULL
 *
 * Descriptors, the page pool and its XDP memory model, and a page behind
 * every descriptor: all a ring needs before the device may use it.
 *
 * A pool tied to a NAPI may only be destroyed while that NAPI is
 * disabled, so a ring allocated while its NAPI runs (a resize, which must
 * be able to give up without stopping traffic) passes NULL: its pages are
 * then recycled directly only where e1k says so (XDP drops, copybreak),
 * not when the stack frees an skb.
 * Context: process context, may sleep.
 * Return: 0 or a negative errno, with nothing left allocated.
 */
int e1k_rx_ring_alloc(struct e1k_adapter *adapter, struct e1k_rx_ring *ring, u16 queue,
		      u16 count, struct napi_struct *napi)
{
	struct device *dev = &adapter->pdev->dev;
	struct page_pool_params pp_params = {
		.order = 0,
		.flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV | PP_FLAG_PAGE_FRAG,
		.pool_size = count,
		.nid = NUMA_NO_NODE,
		.dev = dev,
		.dma_dir = DMA_FROM_DEVICE,
		/* a recycled page is synced whole: either layout may reuse it */
		.offset = 0,
		.max_len = PAGE_SIZE,
	};
	int err;

	ring->bufs = kvcalloc(count, sizeof(*ring->bufs), GFP_KERNEL);
	if (!ring->bufs)
		return -ENOMEM;

	ring->desc = dma_alloc_coherent(dev, count * sizeof(*ring->desc), &ring->dma,
					GFP_KERNEL);
	if (!ring->desc) {
		err = -ENOMEM;
		goto err_free_bufs;
	}

	e1k_pp_params_owner(&pp_params, napi, adapter->netdev);
	ring->pp = page_pool_create(&pp_params);
	if (IS_ERR(ring->pp)) {
		err = PTR_ERR(ring->pp);
		ring->pp = NULL;
		goto err_free_desc;
	}

	/* AF_XDP sockets bound to a queue match it against queue_index. */
	err = xdp_rxq_info_reg(&ring->xdp_rxq, adapter->netdev, queue, adapter->napi.napi_id);
	if (err)
		goto err_destroy_pp;
	err = xdp_rxq_info_reg_mem_model(&ring->xdp_rxq, MEM_TYPE_PAGE_POOL, ring->pp);
	if (err)
		goto err_unreg_rxq;

	ring->count = count;
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	ring->skb = NULL;
	ring->discard = false;
	WRITE_ONCE(ring->starved, false);

	err = e1k_rx_ring_fill(adapter, ring);
	if (err)
		goto err_flush;

	return 0;

err_flush:
	e1k_rx_ring_flush(ring);
err_unreg_rxq:
	xdp_rxq_info_unreg(&ring->xdp_rxq);
err_destroy_pp:
	page_pool_destroy(ring->pp);
	ring->pp = NULL;
err_free_desc:
	dma_free_coherent(dev, count * sizeof(*ring->desc), ring->desc, ring->dma);
	ring->desc = NULL;
err_free_bufs:
	kvfree(ring->bufs);
	ring->bufs = NULL;
	return err;
}

/**
 * e1k_rx_ring_free() - return the ring's pages and free what
 *			 e1k_rx_ring_alloc() allocated
 * @ring: the ring
 * @dev: the device
 *
 * Context: the ring is not in use by the device or NAPI.
 */
void e1k_rx_ring_free(struct e1k_rx_ring *ring, struct device *dev)
{
	if (!ring->desc)
		return;
	e1k_rx_ring_flush(ring);
	/* Drops the memory model's hold on the pool; ours goes next. */
	xdp_rxq_info_unreg(&ring->xdp_rxq);
	page_pool_destroy(ring->pp);
	ring->pp = NULL;
	dma_free_coherent(dev, ring->count * sizeof(*ring->desc), ring->desc, ring->dma);
	ring->desc = NULL;
	kvfree(ring->bufs);
	ring->bufs = NULL;
}

/**
 * e1k_rx_ring_swap() - exchange the resources of two RX rings
 * @a: a ring
 * @b: another ring
 *
 * The counters stay where they are: they belong to the queue.  Nothing
 * points at an xdp_rxq_info outside NAPI, so it moves with its pool.
 * Context: both rings idle (NAPI disabled, RX off).
 */
void e1k_rx_ring_swap(struct e1k_rx_ring *a, struct e1k_rx_ring *b)
{
	swap(a->desc, b->desc);
	swap(a->bufs, b->bufs);
	swap(a->pp, b->pp);
	swap(a->dma, b->dma);
	swap(a->count, b->count);
	swap(a->next_to_use, b->next_to_use);
	swap(a->next_to_clean, b->next_to_clean);
	swap(a->skb, b->skb);
	swap(a->discard, b->discard);
	swap(a->xdp_rxq, b->xdp_rxq);
	WRITE_ONCE(a->starved, false);
}

/**
 * e1k_rx_ring_configure() - program an RX ring and its posted buffers
 * @adapter: the adapter
 * @ring: the ring, filled from slot 0 (e1k_rx_ring_fill())
 *
 * Leaves RX disabled: RCTL is written later, once.
 */
void e1k_rx_ring_configure(struct e1k_adapter *adapter, struct e1k_rx_ring *ring)
{
	/* With no buffer posted no interrupt will come: the watchdog retries. */
	WRITE_ONCE(ring->starved, ring->next_to_use == ring->next_to_clean);

	e1k_wr32(adapter, E1K_RDBAL, lower_32_bits(ring->dma));
	e1k_wr32(adapter, E1K_RDBAH, upper_32_bits(ring->dma));
	e1k_wr32(adapter, E1K_RDLEN, ring->count * sizeof(*ring->desc));
	e1k_wr32(adapter, E1K_RDH, ring->next_to_clean);
	ring->tail = ring->next_to_use;
	e1k_wr32(adapter, E1K_RDT, ring->tail);
}

/*
 * Whether RDT should move from @tail to @ntu now.  A request/response flow
 * gets one buffer back per poll: without the batch, every packet would
 * cost an RDT write.  The device still owns at least E1K_RX_TAIL_BATCH
 * buffers whenever any are held back.
 */
E1K_STATIC_TESTABLE bool e1k_rx_tail_due(u16 ntc, u16 ntu, u16 tail, u16 count)
{
	unsigned int posted = e1k_ring_used(ntc, ntu, count);
	unsigned int held = e1k_ring_used(tail, ntu, count);

	if (!held)
		return false;
	/* held > posted: a device that completed past RDT; announce all. */
	return held >= E1K_RX_TAIL_BATCH || held > posted ||
	       posted - held < E1K_RX_TAIL_BATCH;
}

static void e1k_rx_write_tail(struct e1k_adapter *adapter, struct e1k_rx_ring *ring)
{
	if (!e1k_rx_tail_due(ring->next_to_clean, ring->next_to_use, ring->tail, ring->count))
		return;
	ring->tail = ring->next_to_use;
	e1k_wr32(adapter, E1K_RDT, ring->tail);
}

/*
 * A completed descriptor, whatever its format: the legacy layout of
 * E1K_RXD_* in @meta, and on the 82574L the RSS hash the device computed
 * (@hash_type 0: none, for a frame that is not IP, or on the 8254x).
 */
struct e1k_rx_wb {
	u64 meta;
	u32 hash;
	u8 hash_type;
};

/* Per-poll tallies, folded into the ring counters once per poll. */
struct e1k_rx_tally {
	unsigned int packets;
	unsigned int bytes;
	unsigned int dropped;
	unsigned int malformed;
	unsigned int oversize;
	unsigned int csum_good;
	unsigned int csum_bad;
	unsigned int csum_none;
	struct e1k_xdp_stats xdp;
};

/*
 * Drop the frame being assembled and, unless this was its last descriptor,
 * every further descriptor up to its end.
 */
static void e1k_rx_drop_frame(struct e1k_rx_ring *ring, struct page *page, bool eop)
{
	if (page)
		page_pool_put_full_page(ring->pp, page, true);
	if (ring->skb) {
		kfree_skb(ring->skb);
		ring->skb = NULL;
	}
	ring->discard = !eop;
}

E1K_STATIC_TESTABLE bool e1k_rx_desc_valid(u64 meta, bool rxall)
{
	unsigned int len = FIELD_GET(E1K_RXD_LEN, meta);
	u8 status = FIELD_GET(E1K_RXD_STATUS, meta);
	u8 errors = FIELD_GET(E1K_RXD_ERRORS, meta);

	if (!len || len > E1K_RX_BUF_LEN)
		return false;
	/* Only the last descriptor of a frame may be partly filled. */
	if (!(status & E1K_RXD_STAT_EOP) && len != E1K_RX_BUF_LEN)
		return false;
	return rxall || !(errors & E1K_RXD_ERR_FRAME);
}

/*
 * The head of a new skb, its data @headroom into the @size bytes at @va
 * (a full page, or a half page with no headroom): the buffer itself, or
 * for a short frame a copy, the page then being recycled at once.  On
 * failure the page is still the caller's.
 */
static struct sk_buff *e1k_rx_build_head(struct e1k_adapter *adapter,
					 struct e1k_rx_ring *ring, struct page *page,
					 void *va, unsigned int size, unsigned int headroom,
					 unsigned int len, unsigned int metasize)
{
	struct sk_buff *skb;

	if (e1k_fault_hit(&adapter->fault.rx_skb_fail))
		return NULL;
	if (len <= E1K_RX_COPYBREAK && !metasize) {
		skb = napi_alloc_skb(&adapter->napi, len);
		if (unlikely(!skb))
			return NULL;
		skb_put_data(skb, va + headroom, len);
		page_pool_put_full_page(ring->pp, page, true);
		return skb;
	}

	skb = napi_build_skb(va, size);
	if (unlikely(!skb))
		return NULL;
	skb_mark_for_recycle(skb);
	skb_reserve(skb, headroom);
	__skb_put(skb, len);
	if (metasize)
		skb_metadata_set(skb, metasize);
	return skb;
}

/*
 * The head of a new skb from a half-page buffer the frame does not fit in
 * beside skb_shared_info: the headers copied, the rest left in the page as
 * the first fragment.  On failure the page is still the caller's.
 */
static struct sk_buff *e1k_rx_split_head(struct e1k_adapter *adapter,
					 struct e1k_rx_ring *ring, struct page *page,
					 unsigned int offset, unsigned int len)
{
	void *va = page_address(page) + offset;
	struct sk_buff *skb;
	unsigned int hlen;

	if (e1k_fault_hit(&adapter->fault.rx_skb_fail))
		return NULL;
	skb = napi_alloc_skb(&adapter->napi, E1K_RX_COPYBREAK);
	if (unlikely(!skb))
		return NULL;
	hlen = eth_get_headlen(adapter->netdev, va, E1K_RX_COPYBREAK);
	skb_put_data(skb, va, hlen);
	skb_add_rx_frag(skb, 0, page, offset + hlen, len - hlen, E1K_RX_BUF_LEN);
	skb_mark_for_recycle(skb);
	return skb;
}

/* Add one buffer to the frame being assembled; false if the frame is lost. */
static bool e1k_rx_add_buffer(struct e1k_adapter *adapter, struct e1k_rx_ring *ring,
			      const struct e1k_rx_buf *buf, unsigned int len, bool eop,
			      struct e1k_rx_tally *tally)
{
	struct sk_buff *skb = ring->skb;

	if (skb) {
		/*
		 * Longer than the largest frame, whatever rx-all says.  Every
		 * buffer before this one was full (e1k_rx_desc_valid()), so
		 * the length counts them, whichever layout each had.
		 */
		if (unlikely(skb->len >= E1K_RX_MAX_DESCS * E1K_RX_BUF_LEN)) {
			tally->malformed++;
			return false;
		}
		skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, buf->page, buf->offset, len,
				buf->full ? PAGE_SIZE : E1K_RX_BUF_LEN);
		return true;
	}

	if (buf->full)
		skb = e1k_rx_build_head(adapter, ring, buf->page, page_address(buf->page),
					PAGE_SIZE, buf->offset, len, 0);
	else if (eop && len <= E1K_RX_HALF_LINEAR)
		skb = e1k_rx_build_head(adapter, ring, buf->page,
					page_address(buf->page) + buf->offset,
					E1K_RX_BUF_LEN, 0, len, 0);
	else
		skb = e1k_rx_split_head(adapter, ring, buf->page, buf->offset, len);
	if (unlikely(!skb)) {
		tally->dropped++;
		return false;
	}
	ring->skb = skb;
	return true;
}

/*
 * The 8254x model never checks RX checksums (it sets IXSM, "ignore").  The
 * 82574L model reports TCPCS/UDPCS only for a checksum it verified or its
 * backend vouched for (the tap's DATA_VALID), with TCPE on a bad one; the
 * stack checks everything else itself (CHECKSUM_NONE, as allocated), bad
 * ones included, so that it counts and drops them.
 */
static void e1k_rx_csum(const struct net_device *netdev, struct sk_buff *skb, u64 meta,
			struct e1k_rx_tally *tally)
{
	u8 status = FIELD_GET(E1K_RXD_STATUS, meta);
	u8 errors = FIELD_GET(E1K_RXD_ERRORS, meta);

	if ((netdev->features & NETIF_F_RXCSUM) && !(status & E1K_RXD_STAT_IXSM)) {
		if (errors & (E1K_RXD_ERR_TCPE | E1K_RXD_ERR_IPE)) {
			tally->csum_bad++;
			return;
		}
		if (status & (E1K_RXD_STAT_TCPCS | E1K_RXD_STAT_UDPCS)) {
			skb->ip_summed = CHECKSUM_UNNECESSARY;
			tally->csum_good++;
			return;
		}
	}
	tally->csum_none++;
}

/*
 * rxhash off also stops the device hashing (e1k_hw_set_rx_offloads()), but
 * frames it hashed before the register write may still be on the ring.
 */
static void e1k_rx_hash(const struct net_device *netdev, struct sk_buff *skb,
			const struct e1k_rx_wb *wb)
{
	enum pkt_hash_types type = e1k_rx_hash_type(wb->hash_type);

	if (type != PKT_HASH_TYPE_NONE && (netdev->features & NETIF_F_RXHASH))
		skb_set_hash(skb, wb->hash, type);
}

static void e1k_rx_deliver(struct e1k_adapter *adapter, struct sk_buff *skb,
			   const struct e1k_rx_wb *wb, unsigned int max_frame,
			   struct e1k_rx_tally *tally)
{
	struct net_device *netdev = adapter->netdev;
	u64 meta = wb->meta;

	if (unlikely(skb->len > max_frame)) {
		tally->oversize++;
		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
		return;
	}
	if (unlikely(skb->len < ETH_HLEN)) {
		tally->malformed++;
		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
		return;
	}

	/* VP is only set while CTRL.VME strips tags, i.e. with CTAG_RX on. */
	if (FIELD_GET(E1K_RXD_STATUS, meta) & E1K_RXD_STAT_VP)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q),
				       FIELD_GET(E1K_RXD_SPECIAL, meta));

	tally->packets++;
	tally->bytes += skb->len;

	e1k_rx_csum(netdev, skb, meta, tally);
	e1k_rx_hash(netdev, skb, wb);
	skb->protocol = eth_type_trans(skb, netdev);
	skb_record_rx_queue(skb, 0);
	napi_gro_receive(&adapter->napi, skb);
}

/*
 * A single-buffer frame through the XDP program.  Every frame the program
 * sees counts as received, whatever it decides (the qstats convention:
 * XDP is the first layer of the stack).
 */
static void e1k_rx_xdp(struct e1k_adapter *adapter, struct e1k_rx_ring *ring,
		       struct bpf_prog *prog, struct page *page, const struct e1k_rx_wb *wb,
		       unsigned int max_frame, struct e1k_rx_tally *tally)
{
	unsigned int len = FIELD_GET(E1K_RXD_LEN, wb->meta);
	struct xdp_buff xdp;
	struct sk_buff *skb;

	xdp_init_buff(&xdp, PAGE_SIZE, &ring->xdp_rxq);
	xdp_prepare_buff(&xdp, page_address(page), E1K_RX_HEADROOM, len, true);

	switch (e1k_xdp_run(adapter, prog, &xdp, &tally->xdp)) {
	case E1K_XDP_PASS:
		break;
	case E1K_XDP_CONSUMED:
		page_pool_put_full_page(ring->pp, page, true);
		fallthrough;
	default:
		tally->packets++;
		tally->bytes += len;
		return;
	}

	skb = e1k_rx_build_head(adapter, ring, page, xdp.data_hard_start, PAGE_SIZE,
				xdp.data - xdp.data_hard_start, xdp.data_end - xdp.data,
				xdp.data - xdp.data_meta);
	if (unlikely(!skb)) {
		tally->dropped++;
		page_pool_put_full_page(ring->pp, page, true);
		return;
	}
	e1k_rx_deliver(adapter, skb, wb, max_frame, tally);
}

/*
 * The page a single-buffer frame is run through XDP in: its own if it has
 * one, else (a half page posted before the program came) a copy into a
 * full one.  Return: the page, or NULL with the frame dropped.
 */
static struct page *e1k_rx_xdp_page(struct e1k_adapter *adapter, struct e1k_rx_ring *ring,
				    const struct e1k_rx_buf *buf, unsigned int len,
				    struct e1k_rx_tally *tally)
{
	struct e1k_rx_buf copy = {};

	if (buf->full)
		return buf->page;
	if (likely(e1k_rx_alloc(adapter, ring, true, GFP_ATOMIC, &copy)))
		memcpy(page_address(copy.page) + copy.offset,
		       page_address(buf->page) + buf->offset, len);
	else
		tally->dropped++;
	page_pool_put_full_page(ring->pp, buf->page, true);
	return copy.page;
}

/* One valid buffer: the start, middle or end of a frame, or all of it. */
static void e1k_rx_buffer(struct e1k_adapter *adapter, struct e1k_rx_ring *ring,
			  struct bpf_prog *prog, const struct e1k_rx_buf *buf,
			  const struct e1k_rx_wb *wb, unsigned int max_frame,
			  struct e1k_rx_tally *tally)
{
	bool eop = FIELD_GET(E1K_RXD_STATUS, wb->meta) & E1K_RXD_STAT_EOP;
	unsigned int len = FIELD_GET(E1K_RXD_LEN, wb->meta);
	struct page *page = buf->page;

	page_pool_dma_sync_for_cpu(ring->pp, page, buf->offset, len);
	if (!ring->skb)
		net_prefetch(page_address(page) + buf->offset);

	if (prog && !ring->skb) {
		if (eop) {
			page = e1k_rx_xdp_page(adapter, ring, buf, len, tally);
			if (page)
				e1k_rx_xdp(adapter, ring, prog, page, wb, max_frame, tally);
		} else {
			/* Bigger than the XDP MTU: the program never sees it. */
			tally->oversize++;
			e1k_rx_drop_frame(ring, page, eop);
		}
		return;
	}

	if (unlikely(!e1k_rx_add_buffer(adapter, ring, buf, len, eop, tally))) {
		e1k_rx_drop_frame(ring, page, eop);
	} else if (eop) {
		e1k_rx_deliver(adapter, ring->skb, wb, max_frame, tally);
		ring->skb = NULL;
	}
}

/*
 * Fault injection (debugfs rx_*): rewrite a completed descriptor as a
 * broken or hostile device would have written it.
 */
static u64 e1k_rx_fault(struct e1k_fault *fault, u64 meta)
{
	if (!e1k_faults_on())
		return meta;
	if (e1k_fault_hit(&fault->rx_len_zero))
		meta &= ~E1K_RXD_LEN;
	if (e1k_fault_hit(&fault->rx_len_over))
		meta = (meta & ~E1K_RXD_LEN) | FIELD_PREP(E1K_RXD_LEN, E1K_RX_BUF_LEN + 1);
	if (e1k_fault_hit(&fault->rx_no_eop)) {
		meta &= ~(E1K_RXD_LEN | FIELD_PREP(E1K_RXD_STATUS, E1K_RXD_STAT_EOP));
		meta |= FIELD_PREP(E1K_RXD_LEN, E1K_RX_BUF_LEN);
	}
	if (e1k_fault_hit(&fault->rx_err))
		meta |= FIELD_PREP(E1K_RXD_ERRORS, E1K_RXD_ERR_RXE);
	return meta;
}

/**
 * e1k_rx_clean() - receive up to @budget descriptors' worth from a ring
 * @adapter: the adapter
 * @ring: the ring
 * @budget: NAPI budget, > 0
 *
 * Context: NAPI.
 * Return: descriptors processed.
 */
int e1k_rx_clean(struct e1k_adapter *adapter, struct e1k_rx_ring *ring, int budget)
{
	bool rxall = adapter->netdev->features & NETIF_F_RXALL;
	bool ext = e1k_has(adapter, E1K_CAP_RX_EXT);
	unsigned int max_frame = e1k_rx_max_frame(adapter->netdev);
	struct e1k_rx_tally tally = {};
	struct bpf_prog *prog;
	int done = 0;

	prog = rcu_dereference_bh(adapter->xdp_prog);

	while (done < budget && ring->next_to_clean != ring->next_to_use) {
		u16 i = ring->next_to_clean;
		struct e1k_rx_desc *desc = &ring->desc[i];
		struct e1k_rx_wb wb = {};
		struct e1k_rx_buf buf;
		bool eop;
		u64 meta;

		meta = e1k_rx_meta(ext, le64_to_cpu(READ_ONCE(desc->meta)));
		if (!(FIELD_GET(E1K_RXD_STATUS, meta) & E1K_RXD_STAT_DD))
			break;
		/* The device writes DD last; read the rest only after it. */
		dma_rmb();
		meta = e1k_rx_meta(ext, le64_to_cpu(READ_ONCE(desc->meta)));
		wb.meta = e1k_rx_fault(&adapter->fault, meta);
		eop = FIELD_GET(E1K_RXD_STATUS, wb.meta) & E1K_RXD_STAT_EOP;
		if (ext && eop) {
			/*
			 * The write-back replaced the buffer address with the
			 * hash, which only a frame's last descriptor carries.
			 */
			u64 rss = le64_to_cpu(READ_ONCE(desc->addr));

			wb.hash_type = FIELD_GET(E1K_RXD_EXT_RSS_TYPE, rss);
			wb.hash = FIELD_GET(E1K_RXD_EXT_RSS_HASH, rss);
		}

		buf = ring->bufs[i];
		ring->bufs[i].page = NULL;
		ring->next_to_clean = e1k_rx_next(ring, i);

		if (unlikely(ring->discard)) {
			e1k_rx_drop_frame(ring, buf.page, eop);
		} else if (unlikely(!e1k_rx_desc_valid(wb.meta, rxall))) {
			tally.malformed++;
			e1k_rx_drop_frame(ring, buf.page, eop);
		} else {
			e1k_rx_buffer(adapter, ring, prog, &buf, &wb, max_frame, &tally);
		}

		/*
		 * Every descriptor is work: a device that never sets EOP
		 * must not keep one poll running for ever.
		 */
		done++;
		if (e1k_rx_unused(ring) >= E1K_RX_REFILL_BATCH)
			e1k_rx_refill(adapter, ring, !!prog, GFP_ATOMIC);
	}

	e1k_xdp_finish(adapter, &tally.xdp);
	e1k_rx_refill(adapter, ring, !!prog, GFP_ATOMIC);
	e1k_rx_write_tail(adapter, ring);
	/* With no buffer posted no interrupt will come: the watchdog retries. */
	WRITE_ONCE(ring->starved, ring->next_to_use == ring->next_to_clean);

	u64_stats_update_begin(&ring->stats.syncp);
	ring->stats.packets += tally.packets;
	ring->stats.bytes += tally.bytes;
	ring->stats.alloc_failed += tally.dropped;
	ring->stats.dropped += tally.dropped;
	ring->stats.malformed += tally.malformed;
	ring->stats.oversize += tally.oversize;
	ring->stats.csum_good += tally.csum_good;
	ring->stats.csum_bad += tally.csum_bad;
	ring->stats.csum_none += tally.csum_none;
	ring->stats.xdp.pass += tally.xdp.pass;
	ring->stats.xdp.drop += tally.xdp.drop;
	ring->stats.xdp.aborted += tally.xdp.aborted;
	ring->stats.xdp.tx += tally.xdp.tx;
	ring->stats.xdp.tx_errors += tally.xdp.tx_errors;
	ring->stats.xdp.redirect += tally.xdp.redirect;
	ring->stats.xdp.redirect_errors += tally.xdp.redirect_errors;
	u64_stats_update_end(&ring->stats.syncp);

	return done;
}
