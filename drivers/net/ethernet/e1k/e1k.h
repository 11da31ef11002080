/* SPDX-License-Identifier: GPL-2.0 */
/*
 * e1k: driver for the Intel 8254x NICs that QEMU emulates
 * (82540EM, 82544GC, 82545EM).  Shared definitions.
 */
#ifndef _E1K_H_
#define _E1K_H_

#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/bpf.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/interrupt.h>
#include <linux/jump_label.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>

#include <e1k_regs.h>

#include "e1k_compat.h"

#define E1K_DRV_NAME		"e1k"
#define E1K_DRV_VERSION		"0.1.0"

/* Ring sizes: TDLEN/RDLEN must be a multiple of 128 bytes, i.e. 8 slots. */
#define E1K_RING_MIN		80
#define E1K_RING_MAX		4096
#define E1K_RING_ALIGN		(E1K_RING_LEN_ALIGN / sizeof(struct e1k_tx_desc))
#define E1K_TX_RING_DEFAULT	256
#define E1K_RX_RING_DEFAULT	256

/* Queue pairs: one on the 8254x; the rings are per-queue objects already. */
#define E1K_NUM_QUEUES		1

#define E1K_MIN_MTU		ETH_MIN_MTU
#define E1K_MAX_MTU		16110

/* Largest buffer put behind one TX data descriptor. */
#define E1K_TX_MAX_BUF		SZ_8K
/*
 * Worst-case descriptors for one packet: a context descriptor, the linear
 * part, every fragment, and the extra descriptors a 64 KiB GSO packet needs
 * when its buffers are split at E1K_TX_MAX_BUF.
 */
#define E1K_TX_DESC_NEEDED	(2 + MAX_SKB_FRAGS + GSO_LEGACY_MAX_SIZE / E1K_TX_MAX_BUF)
#define E1K_TX_WAKE_THRESH	(2 * E1K_TX_DESC_NEEDED)
/* A ring of the smallest size must be able to free enough to wake the queue. */
static_assert(E1K_RING_MIN - 1 >= E1K_TX_WAKE_THRESH);

/*
 * RX buffers: E1K_RX_BUF_LEN bytes per descriptor, larger frames span
 * several descriptors and are chained as page fragments.  Two buffers
 * share an order-0 page, but a buffer posted while an XDP program is
 * attached has a page of its own and starts E1K_RX_HEADROOM into it (see
 * e1k_rx.c).
 */
#define E1K_RX_HEADROOM		XDP_PACKET_HEADROOM
#define E1K_RX_BUF_LEN		2048
#define E1K_RX_MAX_FRAME	16384	/* the LPE limit of the MAC */
#define E1K_RX_MAX_DESCS	DIV_ROUND_UP(E1K_RX_MAX_FRAME, E1K_RX_BUF_LEN)
/* Every buffer of a frame may become a fragment (half pages). */
static_assert(E1K_RX_MAX_DESCS <= MAX_SKB_FRAGS);

/* XDP sees single-buffer frames only: the MTU must fit one RX buffer. */
#define E1K_XDP_MAX_MTU		(E1K_RX_BUF_LEN - ETH_HLEN - 2 * VLAN_HLEN)

/* Interrupt causes the driver handles; TXQE stays masked (see e1k_intr()). */
#define E1K_INT_MASK		(E1K_INT_RXT0 | E1K_INT_RXO | E1K_INT_RXDMT0 | \
				 E1K_INT_TXDW | E1K_INT_LSC)

#define E1K_WATCHDOG_PERIOD	(2 * HZ)
/* how long e1k_disable() waits for an interrupt in flight to be taken */
#define E1K_IRQ_SETTLE_MS	1000
/* > the longest interrupt throttle window, 65535 x 256 ns */
#define E1K_ITR_WINDOW_MAX_MS	20

/**
 * struct e1k_caps - what differs between the supported PCI ids
 * @name: controller name for log messages
 * @phy_id: expected PHY identifier (PHYID1 << 16 | PHYID2, revision masked)
 * @eerd_done: EERD's DONE bit
 * @eerd_addr: EERD's word address field
 * @int_unmaskable: interrupt causes IMS cannot unmask (ICS still sets them)
 * @flags: E1K_CAP_* below
 */
struct e1k_caps {
	const char *name;
	u32 phy_id;
	u32 eerd_done;
	u32 eerd_addr;
	u32 int_unmaskable;
	u32 flags;
};

/*
 * E1K_CAP_PARSED_OFFLOADS: the device finds the L3/L4 headers itself and
 * ignores the context descriptor's offsets (82574L): it can checksum TCP
 * and UDP only, over IPv4 and IPv6, and segment TCP over both; it keeps a
 * single context, not one per TSO and non-TSO kind.
 * E1K_CAP_RX_CSUM: RX descriptors say which checksums the device verified.
 * E1K_CAP_FCS_OWN_DESC: with SECRC clear the model writes the FCS into a
 * descriptor of its own, which a full ring can separate from the frame:
 * the FCS is always stripped (no rx-fcs).
 * E1K_CAP_RFCTL: RFCTL, MRQC and EIAC exist (82574L) and are reset by hand.
 * E1K_CAP_MSIX: MSI-X with the 82574L's IVAR routing (RXQ0, TXQ0, OTHER).
 * E1K_CAP_RX_EXT: extended RX descriptors, which carry an RSS hash (82574L).
 */
#define E1K_CAP_PARSED_OFFLOADS	BIT(0)
#define E1K_CAP_RX_CSUM		BIT(1)
#define E1K_CAP_FCS_OWN_DESC	BIT(2)
#define E1K_CAP_RFCTL		BIT(3)
#define E1K_CAP_MSIX		BIT(4)
#define E1K_CAP_RX_EXT		BIT(5)

/*
 * MSI-X vectors: the queue pair's, which NAPI serves, and one for link
 * changes and the other causes.  Without MSI-X, one vector does it all.
 */
enum e1k_vector {
	E1K_VEC_QUEUE,
	E1K_VEC_OTHER,
	E1K_NUM_VECTORS,
};

/**
 * enum e1k_state - adapter state bits in &e1k_adapter.state
 * @E1K_STATE_DOWN: the interface is not up; the ISR and watchdog stand down
 * @E1K_STATE_GONE: the device stopped answering MMIO (surprise removal)
 * @E1K_STATE_REMOVING: remove() runs; no new reset work may be queued
 * @E1K_STATE_TESTING: the offline self-test owns the device and its
 *		       interrupt causes; the ISR keeps its hands off ICR
 */
enum e1k_state {
	E1K_STATE_DOWN,
	E1K_STATE_GONE,
	E1K_STATE_REMOVING,
	E1K_STATE_TESTING,
};

/* ---- TX ring ---------------------------------------------------------- */

/**
 * enum e1k_tx_type - what a TX slot carries, and so how it is freed
 * @E1K_TX_SKB: a packet from the stack
 * @E1K_TX_XDP_TX: an XDP_TX frame, a page of this device's RX page pool
 * @E1K_TX_XDP_XMIT: a frame handed over by ndo_xdp_xmit, memory of its owner
 */
enum e1k_tx_type {
	E1K_TX_SKB,
	E1K_TX_XDP_TX,
	E1K_TX_XDP_XMIT,
};

/**
 * struct e1k_tx_buf - per-descriptor TX bookkeeping
 * @skb: the packet; set on the first slot of a packet only
 * @xdpf: the XDP frame, instead of @skb, for the XDP types
 * @type: an &enum e1k_tx_type (first slot only)
 * @eop: the packet's last descriptor, published last by xmit and cleared by
 *	 the cleaner; set on the first slot of a packet only
 * @bytes: bytes on the wire for BQL and stats (first slot only)
 * @segs: frames on the wire, >1 for TSO (first slot only)
 * @dma: mapping that starts at this slot, if @len is not zero
 * @len: length of that mapping
 * @mapped_page: the mapping was made with skb_frag_dma_map()
 */
struct e1k_tx_buf {
	struct sk_buff *skb;
	struct xdp_frame *xdpf;
	struct e1k_tx_desc *eop;
	u32 bytes;
	u16 segs;
	u8 type;
	bool mapped_page;
	DEFINE_DMA_UNMAP_ADDR(dma);
	DEFINE_DMA_UNMAP_LEN(len);
};

/**
 * struct e1k_tx_ctx - a context descriptor as last handed to the device
 * @desc: its contents
 * @valid: @desc is what the device currently holds
 */
struct e1k_tx_ctx {
	struct e1k_tx_ctx_desc desc;
	bool valid;
};

/**
 * struct e1k_tx_xmit_stats - counters written by the xmit path only
 * @syncp: protects the counters against 32-bit tearing
 * @dropped: packets dropped by the driver (DMA mapping, header copy)
 * @busy: xmit returned NETDEV_TX_BUSY
 * @stop: the queue was stopped for lack of descriptors
 * @csum: packets sent with checksum offload (TSO packets included)
 * @tso_packets: TSO packets handed to the device
 * @tso_bytes: bytes on the wire of those packets
 * @tso_segs: frames on the wire of those packets
 * @xdp_xmit: frames queued by ndo_xdp_xmit
 * @xdp_xmit_errors: frames ndo_xdp_xmit refused (ring full, DMA mapping)
 */
struct e1k_tx_xmit_stats {
	struct u64_stats_sync syncp;
	u64 dropped;
	u64 busy;
	u64 stop;
	u64 csum;
	u64 tso_packets;
	u64 tso_bytes;
	u64 tso_segs;
	u64 xdp_xmit;
	u64 xdp_xmit_errors;
};

/**
 * struct e1k_tx_clean_stats - counters written by the completion path only
 * @syncp: protects the counters against 32-bit tearing
 * @packets: frames sent (TSO segments count one each)
 * @bytes: bytes sent
 * @restart_queue: the cleaner woke a stopped queue
 */
struct e1k_tx_clean_stats {
	struct u64_stats_sync syncp;
	u64 packets;
	u64 bytes;
	u64 restart_queue;
};

/**
 * struct e1k_tx_ring - the transmit queue
 * @desc: descriptor ring (coherent DMA memory), NULL while not allocated
 * @buf: per-descriptor bookkeeping
 * @dma: bus address of @desc
 * @count: number of descriptors
 * @next_to_use: producer index, owned by xmit (under the TX queue lock)
 * @next_to_clean: consumer index, owned by NAPI
 * @csum_ctx: last checksum context handed to the device (xmit only)
 * @tso_ctx: last TSO context handed to the device (xmit only)
 * @xstats: xmit-side counters
 * @cstats: completion-side counters
 *
 * The two indexes are read by the other side (free-space checks) with
 * READ_ONCE(); stop/wake ordering is done by netif_txq_maybe_stop() and
 * netif_txq_completed_wake().  The ring struct and its counters live as
 * long as the adapter, so the counters never go backwards.
 */
struct e1k_tx_ring {
	struct e1k_tx_desc *desc;
	struct e1k_tx_buf *buf;
	dma_addr_t dma;
	u16 count;
	u16 next_to_use;
	u16 next_to_clean;
	struct e1k_tx_ctx csum_ctx;
	struct e1k_tx_ctx tso_ctx;
	struct e1k_tx_xmit_stats xstats;
	struct e1k_tx_clean_stats cstats;
};

/* ---- RX ring ---------------------------------------------------------- */

/**
 * struct e1k_xdp_stats - what the XDP program decided, frame by frame
 * @pass: XDP_PASS, handed on to the stack
 * @drop: XDP_DROP
 * @aborted: XDP_ABORTED and invalid actions (traced as xdp_exception)
 * @tx: XDP_TX frames queued for transmission
 * @tx_errors: XDP_TX frames dropped (TX ring full, conversion or mapping)
 * @redirect: XDP_REDIRECT frames accepted by xdp_do_redirect()
 * @redirect_errors: XDP_REDIRECT frames dropped
 */
struct e1k_xdp_stats {
	u64 pass;
	u64 drop;
	u64 aborted;
	u64 tx;
	u64 tx_errors;
	u64 redirect;
	u64 redirect_errors;
};

/**
 * struct e1k_rx_stats - RX counters, written by NAPI only
 * @syncp: protects the counters against 32-bit tearing
 * @packets: frames passed to the stack
 * @bytes: bytes passed to the stack (Ethernet header included)
 * @alloc_failed: a page or skb allocation failed
 * @dropped: frames dropped because an skb could not be built
 * @malformed: frames dropped for descriptor errors, zero or impossible
 *	       lengths, or broken descriptor chains
 * @oversize: frames dropped for exceeding the MTU-derived frame size, or
 *	      for spanning buffers while an XDP program is attached
 * @csum_good: frames passed as CHECKSUM_UNNECESSARY: the device verified
 *	       their checksums (or its backend vouched for them)
 * @csum_bad: frames the device found a bad IP or TCP/UDP checksum in,
 *	      passed to the stack unverified, which then drops them
 * @csum_none: frames passed without a device verdict: rx-checksumming
 *	       off, a device that does not check, or nothing it checks
 * @xdp: per-action XDP counters
 */
struct e1k_rx_stats {
	struct u64_stats_sync syncp;
	u64 packets;
	u64 bytes;
	u64 alloc_failed;
	u64 dropped;
	u64 malformed;
	u64 oversize;
	u64 csum_good;
	u64 csum_bad;
	u64 csum_none;
	struct e1k_xdp_stats xdp;
};

/**
 * struct e1k_rx_buf - an RX buffer posted to the device
 * @page: its page (from the ring's pool)
 * @offset: where in @page the device writes
 * @full: the page is the buffer's alone, with XDP's headroom before
 *	  @offset and an skb's tailroom after the buffer; else it is half a
 *	  page, the other half another buffer
 */
struct e1k_rx_buf {
	struct page *page;
	u16 offset;
	bool full;
};

/**
 * struct e1k_rx_ring - the receive queue
 * @desc: descriptor ring (coherent DMA memory), NULL while not allocated
 * @bufs: buffer behind each descriptor, its page NULL where none is posted
 * @pp: page pool the pages come from
 * @dma: bus address of @desc
 * @count: number of descriptors
 * @next_to_use: first slot not owned by the device (shadow of RDT)
 * @next_to_clean: next slot the device will complete
 * @tail: what RDT was last set to: buffers from @tail to @next_to_use are
 *	  posted but not yet announced to the device
 * @skb: frame being assembled across descriptors, carried between polls
 * @discard: drop descriptors up to the next end-of-packet
 * @starved: the device owns no buffer and refill failed; the watchdog
 *	     kicks NAPI to retry
 * @xdp_rxq: XDP's view of this queue (its memory model is @pp)
 * @stats: counters
 *
 * Everything but @stats and @starved is touched only by NAPI or with NAPI
 * disabled.
 */
struct e1k_rx_ring {
	struct e1k_rx_desc *desc;
	struct e1k_rx_buf *bufs;
	struct page_pool *pp;
	dma_addr_t dma;
	u16 count;
	u16 next_to_use;
	u16 next_to_clean;
	u16 tail;
	struct sk_buff *skb;
	bool discard;
	bool starved;
	struct xdp_rxq_info xdp_rxq;
	struct e1k_rx_stats stats;
};

/**
 * e1k_rx_meta() - a completed RX descriptor's status in the legacy layout
 * @ext: the descriptor is in the extended format (E1K_CAP_RX_EXT)
 * @wb: its second quadword, as written back
 *
 * Return: @wb as E1K_RXD_LEN, E1K_RXD_STATUS, E1K_RXD_ERRORS and
 * E1K_RXD_SPECIAL, whatever the format; no checksum field.
 */
static inline u64 e1k_rx_meta(bool ext, u64 wb)
{
	if (!ext)
		return wb;
	return FIELD_PREP(E1K_RXD_LEN, FIELD_GET(E1K_RXD_EXT_LEN, wb)) |
	       FIELD_PREP(E1K_RXD_STATUS, FIELD_GET(E1K_RXD_EXT_STATUS, wb)) |
	       FIELD_PREP(E1K_RXD_ERRORS, FIELD_GET(E1K_RXD_EXT_ERRORS, wb)) |
	       FIELD_PREP(E1K_RXD_SPECIAL, FIELD_GET(E1K_RXD_EXT_VLAN, wb));
}

/**
 * e1k_rx_hash_type() - what the 82574L's RSS hash of a frame covers
 * @type: E1K_RXD_EXT_RSS_TYPE of its last descriptor
 *
 * The reserved types (6-15) come only from a broken or hostile device: a
 * hash it cannot say the inputs of is no hash, and the stack computes its
 * own rather than steer flows by a number of unknown meaning.
 *
 * Return: PKT_HASH_TYPE_L4 or PKT_HASH_TYPE_L3, PKT_HASH_TYPE_NONE for no
 * hash or a reserved type.
 */
static inline enum pkt_hash_types e1k_rx_hash_type(unsigned int type)
{
	switch (type) {
	case E1K_RSS_TYPE_TCPV4:
	case E1K_RSS_TYPE_TCPV6:
		return PKT_HASH_TYPE_L4;
	case E1K_RSS_TYPE_IPV4:
	case E1K_RSS_TYPE_IPV6_EX:
	case E1K_RSS_TYPE_IPV6:
		return PKT_HASH_TYPE_L3;
	default:
		return PKT_HASH_TYPE_NONE;
	}
}

/* ---- Hardware statistics ------------------------------------------------ */

/*
 * Hardware counters kept as 64-bit totals, named after their registers.
 * The order is the order of ethtool -S; names are in e1k_hw.c.
 */
enum e1k_hw_stat {
	E1K_HW_STAT_GPRC,
	E1K_HW_STAT_GORC,
	E1K_HW_STAT_TPR,
	E1K_HW_STAT_TOR,
	E1K_HW_STAT_BPRC,
	E1K_HW_STAT_MPRC,
	E1K_HW_STAT_PRC64,
	E1K_HW_STAT_PRC127,
	E1K_HW_STAT_PRC255,
	E1K_HW_STAT_PRC511,
	E1K_HW_STAT_PRC1023,
	E1K_HW_STAT_PRC1522,
	E1K_HW_STAT_RUC,
	E1K_HW_STAT_ROC,
	E1K_HW_STAT_RNBC,
	E1K_HW_STAT_MPC,
	E1K_HW_STAT_CRCERRS,
	E1K_HW_STAT_ALGNERRC,
	E1K_HW_STAT_RXERRC,
	E1K_HW_STAT_GPTC,
	E1K_HW_STAT_GOTC,
	E1K_HW_STAT_TPT,
	E1K_HW_STAT_TOT,
	E1K_HW_STAT_BPTC,
	E1K_HW_STAT_MPTC,
	E1K_HW_STAT_PTC64,
	E1K_HW_STAT_PTC127,
	E1K_HW_STAT_PTC255,
	E1K_HW_STAT_PTC511,
	E1K_HW_STAT_PTC1023,
	E1K_HW_STAT_PTC1522,
	E1K_HW_STAT_TSCTC,
	E1K_HW_STAT_COLC,
	E1K_HW_STAT_ECOL,
	E1K_HW_STAT_LATECOL,
	/* ethtool standard stats groups (pause, eth-mac/phy/ctrl, rmon) */
	E1K_HW_STAT_SCC,
	E1K_HW_STAT_MCC,
	E1K_HW_STAT_SYMERRS,
	E1K_HW_STAT_RFC,
	E1K_HW_STAT_RJC,
	E1K_HW_STAT_FCRUC,
	E1K_HW_STAT_XONRXC,
	E1K_HW_STAT_XONTXC,
	E1K_HW_STAT_XOFFRXC,
	E1K_HW_STAT_XOFFTXC,
	E1K_HW_STATS_NUM
};

/*
 * A snapshot of the software counters, filled by e1k_sw_stats_read(); every
 * field is a running total of the ring counter of the same name.
 */
struct e1k_sw_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 rx_alloc_failed;
	u64 rx_dropped;
	u64 rx_malformed;
	u64 rx_oversize;
	u64 rx_csum_good;
	u64 rx_csum_bad;
	u64 rx_csum_none;
	struct e1k_xdp_stats rx_xdp;
	u64 tx_packets;
	u64 tx_bytes;
	u64 tx_dropped;
	u64 tx_busy;
	u64 tx_stop;
	u64 tx_restart_queue;
	u64 tx_csum;
	u64 tx_tso_packets;
	u64 tx_tso_bytes;
	u64 tx_tso_segs;
	u64 tx_xdp_xmit;
	u64 tx_xdp_xmit_errors;
	u64 tx_timeout;
};

/* ---- Fault injection ---------------------------------------------------- */

/**
 * struct e1k_fault - what a broken or hostile device would do, on demand
 * @rx_len_zero: the next this many completed RX descriptors read length 0
 * @rx_len_over: ... read a length above the buffer size
 * @rx_no_eop: ... read a full buffer without EOP (a chain; more than
 *	       %E1K_RX_MAX_DESCS in a row is longer than the largest frame)
 * @rx_err: ... read the RX error bit
 * @tx_map_fail: the next this many TX DMA mappings fail (stack and XDP)
 * @tx_early_dd: the next this many TX packets read done before the doorbell
 * @rx_fill_fail: the next this many RX ring fills post no buffer, so the
 *		  open, reset, resize or resume doing it fails at its last step
 * @rx_alloc_fail: the next this many RX buffer allocations fail, as under
 *		   memory pressure (refills, and XDP's copies of half pages)
 * @rx_skb_fail: the next this many skbs for received frames fail to
 *		 allocate (in place, with a copied head, or after XDP_PASS)
 * @mmio_gone: every register read returns all ones (surprise removal)
 * @stall_tx: NAPI stops reclaiming TX descriptors, as if the device had
 *	      stopped completing them, until the next restart clears it
 *
 * Set through debugfs (e1k_debugfs.c); the datapath only reads and
 * decrements them, so none is state the driver itself depends on.
 */
struct e1k_fault {
	atomic_t rx_len_zero;
	atomic_t rx_len_over;
	atomic_t rx_no_eop;
	atomic_t rx_err;
	atomic_t tx_map_fail;
	atomic_t tx_early_dd;
	atomic_t rx_fill_fail;
	atomic_t rx_alloc_fail;
	atomic_t rx_skb_fail;
	bool mmio_gone;
	bool stall_tx;
};

/*
 * Off until a fault knob is first written: the datapath's fault checks
 * are then no-ops patched into the code, not loads and branches per
 * packet and per register read.
 */
DECLARE_STATIC_KEY_FALSE(e1k_faults_armed);

static inline bool e1k_faults_on(void)
{
	return static_branch_unlikely(&e1k_faults_armed);
}

/**
 * e1k_fault_hit() - consume one shot of a fault knob
 * @knob: the knob
 *
 * Return: true if the fault is to be injected now.
 */
static inline bool e1k_fault_hit(atomic_t *knob)
{
	return e1k_faults_on() && atomic_read(knob) > 0 && atomic_dec_if_positive(knob) >= 0;
}

/* ---- Ring arithmetic ---------------------------------------------------- */

/**
 * e1k_ring_used() - slots between two indices of a ring
 * @from: the first index
 * @to: the index past the last
 * @count: ring size
 *
 * Return: the number of slots from @from up to, not including, @to.
 */
static inline unsigned int e1k_ring_used(u16 from, u16 to, u16 count)
{
	return to >= from ? to - from : count - from + to;
}

/**
 * e1k_ring_unused() - slots free for the producer
 * @ntc: next_to_clean, the consumer index
 * @ntu: next_to_use, the producer index
 * @count: ring size
 *
 * One slot always stays empty: head == tail means "empty" to the device.
 *
 * Return: the number of slots the producer may fill.
 */
static inline unsigned int e1k_ring_unused(u16 ntc, u16 ntu, u16 count)
{
	return count - 1 - e1k_ring_used(ntc, ntu, count);
}

/*
 * Announce posted RX buffers (an RDT write: a VM exit under KVM) once this
 * many have gathered, or earlier when the device runs short.
 */
#define E1K_RX_TAIL_BATCH	16

/*
 * Pure helpers that the KUnit suite (e1k_kunit.c, built when the kernel has
 * CONFIG_KUNIT) calls directly; static in any other build.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define E1K_STATIC_TESTABLE
unsigned int e1k_tx_tso_mss(unsigned int payload, unsigned int mss);
bool e1k_rx_desc_valid(u64 meta, bool rxall);
bool e1k_rx_tail_due(u16 ntc, u16 ntu, u16 tail, u16 count);
u32 e1k_usecs_to_itr(u32 usecs);
u32 e1k_coalesce_pick_usecs(u64 rate);
#else
#define E1K_STATIC_TESTABLE static
#endif

/* ---- Interrupt moderation ------------------------------------------------ */

/**
 * struct e1k_coal - interrupt moderation state (e1k_coalesce.c)
 * @lock: serialises ethtool -C against the watchdog's adaptive step, so a
 *	  fixed value just set is never overwritten by a stale one
 * @usecs: ethtool rx-usecs/tx-usecs, the fixed ITR interval (RTNL)
 * @itr: ITR value in force; written under @lock, read with READ_ONCE() by
 *	 e1k_hw_init()
 * @adaptive: adaptive-rx on (written under @lock)
 * @last_rx: rx_packets at the last adaptive step (watchdog only)
 */
struct e1k_coal {
	spinlock_t lock;	/* see kernel-doc above */
	u32 usecs;
	u32 itr;
	bool adaptive;
	u64 last_rx;
};

/* ---- The adapter -------------------------------------------------------- */

/**
 * struct e1k_adapter - per-device state (netdev private area)
 * @netdev: the net device
 * @pdev: the PCI device
 * @hw_addr: BAR0 mapping for register access; NULL once the device is gone
 * @io_base: BAR0 mapping to unmap on remove
 * @caps: capabilities of this PCI id
 * @state: E1K_STATE_* bits
 * @msg_enable: netif_msg_* bitmap
 * @napi: the single NAPI context serving both rings
 * @msix: the device runs in MSI-X mode (E1K_NUM_VECTORS vectors)
 * @irq: the Linux IRQ of each vector (e1k_num_vectors() of them), as
 *	 pci_irq_vector() gave it at probe: that call may sleep
 * @int_queue: the interrupt causes NAPI masks while it polls and unmasks
 *	       when done
 * @queue_masked: @int_queue is masked in IMS, and NAPI unmasks it when it
 *		  completes (always after an INTx/MSI interrupt; in MSI-X mode
 *		  only while a load keeps NAPI polling)
 * @int_other: the remaining causes the driver enables (MSI-X: OTHER, which
 *	       carries LSC); 0 without MSI-X, where @int_queue holds them all
 * @irq_name: the names of the MSI-X vectors in /proc/interrupts
 * @xdp_prog: the attached XDP program, NULL if none (set under RTNL,
 *	      read by NAPI)
 * @tx_ring: the transmit queues
 * @rx_ring: the receive queues
 * @tx_ring_count: TX ring size (ethtool -G), also while closed
 * @rx_ring_count: RX ring size (ethtool -G), also while closed
 * @rctl: shadow of RCTL, see e1k_hw_write_rctl()
 * @rx_enabled: RCTL.EN wanted; with @rctl, @mta, @uc_count and @uc_addr
 *		protected by netif_addr_lock (ndo_set_rx_mode runs under it)
 * @uc_count: unicast filters programmed in RAR1..15
 * @uc_addr: shadow of RAR1..15 (entry 0 unused)
 * @mta: shadow of the multicast table
 * @active_vlans: VLAN ids in the VLAN filter table (RTNL)
 * @phy_lock: serialises MDIC accesses
 * @watchdog_task: link and statistics poll, ~every 2 s
 * @reset_task: down/up after a TX timeout (takes RTNL)
 * @hw_stats_lock: protects @hw_stats and @hw_stats_raw and the register
 *		   reads that feed them (always taken with BHs off)
 * @hw_stats: hardware counters as 64-bit totals
 * @hw_stats_raw: last raw value of counters that do not clear on read
 * @tx_timeout_count: TX timeouts seen (atomic: ndo_tx_timeout only)
 * @tx_hang_done: TX frames completed at the last watchdog run (watchdog only)
 * @tx_hang_suspect: descriptors were pending at the last watchdog run
 *		     (watchdog only; cleared by e1k_enable())
 * @dbg_dir: debugfs directory of this device, NULL without debugfs
 * @fault: fault-injection knobs (debugfs)
 * @coal: interrupt moderation (e1k_coalesce.c)
 * @ledctl_saved: LEDCTL before ethtool -p started blinking (RTNL)
 * @rss_key: the RSS hash key (E1K_CAP_RX_EXT; ethtool -X, RTNL)
 */
struct e1k_adapter {
	struct net_device *netdev;
	struct pci_dev *pdev;
	u8 __iomem *hw_addr;
	u8 __iomem *io_base;
	const struct e1k_caps *caps;
	unsigned long state;
	u32 msg_enable;

	struct napi_struct napi;
	bool msix;
	int irq[E1K_NUM_VECTORS];
	u32 int_queue;
	bool queue_masked;
	u32 int_other;
	char irq_name[E1K_NUM_VECTORS][IFNAMSIZ + 8];
	struct bpf_prog __rcu *xdp_prog;
	struct e1k_tx_ring tx_ring[E1K_NUM_QUEUES];
	struct e1k_rx_ring rx_ring[E1K_NUM_QUEUES];
	u16 tx_ring_count;
	u16 rx_ring_count;

	u32 rctl;
	bool rx_enabled;
	unsigned int uc_count;
	u8 uc_addr[E1K_RAR_ENTRIES][ETH_ALEN];
	u32 mta[E1K_MTA_WORDS];
	unsigned long active_vlans[BITS_TO_LONGS(VLAN_N_VID)];

	struct mutex phy_lock;	/* MDIC is one shared register */

	struct delayed_work watchdog_task;
	struct work_struct reset_task;

	spinlock_t hw_stats_lock;	/* see kernel-doc above */
	u64 hw_stats[E1K_HW_STATS_NUM];
	u32 hw_stats_raw[E1K_HW_STATS_NUM];

	atomic64_t tx_timeout_count;
	u64 tx_hang_done;
	bool tx_hang_suspect;
	struct dentry *dbg_dir;
	struct e1k_fault fault;

	/* ---- ethtool (e1k_ethtool.c, e1k_selftest.c) ---- */
	struct e1k_coal coal;
	u32 ledctl_saved;
	u8 rss_key[E1K_RSS_KEY_LEN];
};

/* ---- e1k_hw.c ----------------------------------------------------------- */

/**
 * e1k_rd32() - read a device register
 * @adapter: the adapter
 * @reg: register offset
 *
 * A read that returns all ones is cross-checked against STATUS; when both
 * read all ones the device is gone: register access is shut off, the
 * netdev detached, and every later read returns all ones at once.
 *
 * Return: the register value, or ~0 when the device is gone.
 */
u32 e1k_rd32(struct e1k_adapter *adapter, u32 reg);

/**
 * e1k_wr32() - write a device register; a no-op once the device is gone
 * @adapter: the adapter
 * @reg: register offset
 * @val: value to write
 */
static inline void e1k_wr32(struct e1k_adapter *adapter, u32 reg, u32 val)
{
	u8 __iomem *hw_addr = READ_ONCE(adapter->hw_addr);

	if (likely(hw_addr))
		writel(val, hw_addr + reg);
}

/**
 * e1k_present() - whether register access still works
 * @adapter: the adapter
 *
 * Return: false once e1k_rd32() has found the device gone.
 */
static inline bool e1k_present(const struct e1k_adapter *adapter)
{
	return !test_bit(E1K_STATE_GONE, &adapter->state);
}

/**
 * e1k_has() - whether the device has a capability
 * @adapter: the adapter
 * @cap: one E1K_CAP_* flag
 *
 * Return: true if its &struct e1k_caps has @cap.
 */
static inline bool e1k_has(const struct e1k_adapter *adapter, u32 cap)
{
	return adapter->caps->flags & cap;
}

/**
 * e1k_eeprom_read() - read one 16-bit EEPROM word through EERD
 * @adapter: the adapter
 * @word: word address (0..63)
 * @data: the word read
 *
 * Context: process context, may sleep.
 * Return: 0, -ETIMEDOUT if the read never completes, -ENODEV if the device
 * is gone.
 */
int e1k_eeprom_read(struct e1k_adapter *adapter, u16 word, u16 *data);

/**
 * e1k_hw_read_mac_addr() - get the MAC address from the EEPROM
 * @adapter: the adapter
 * @addr: the address read (ETH_ALEN bytes)
 *
 * Checks the EEPROM checksum and that @addr is a valid unicast address.
 * Context: process context, may sleep.
 * Return: 0, -EIO on a bad checksum, -EADDRNOTAVAIL on an invalid address,
 * or an e1k_eeprom_read() error.
 */
int e1k_hw_read_mac_addr(struct e1k_adapter *adapter, u8 *addr);

/**
 * e1k_phy_read() - read a register of the internal PHY through MDIC
 * @adapter: the adapter
 * @reg: PHY register (0..31)
 * @val: the value read
 *
 * Context: process context, may sleep; takes &e1k_adapter.phy_lock.
 * Return: 0, -EIO if the PHY flagged an error, -ETIMEDOUT, or -ENODEV.
 */
int e1k_phy_read(struct e1k_adapter *adapter, u32 reg, u16 *val);

/**
 * e1k_phy_write() - write a register of the internal PHY through MDIC
 * @adapter: the adapter
 * @reg: PHY register (0..31)
 * @val: the value to write
 *
 * Context: process context, may sleep; takes &e1k_adapter.phy_lock.
 * Return: 0, -EIO if the PHY flagged an error, -ETIMEDOUT, or -ENODEV.
 */
int e1k_phy_write(struct e1k_adapter *adapter, u32 reg, u16 val);

/**
 * e1k_phy_restart_autoneg() - enable and restart autonegotiation
 * @adapter: the adapter
 *
 * The link drops at once and comes back with an LSC interrupt when
 * negotiation completes (500 ms later on QEMU).
 * Context: process context, may sleep.
 * Return: 0 or an e1k_phy_read()/e1k_phy_write() error.
 */
int e1k_phy_restart_autoneg(struct e1k_adapter *adapter);

/**
 * e1k_hw_quiesce() - stop the device: mask interrupts, stop TX and RX
 * @adapter: the adapter
 *
 * Used at probe and when going down.  Writes RCTL only if RX was enabled.
 * Context: netif_addr_lock held or the netdev not yet registered.
 */
void e1k_hw_quiesce(struct e1k_adapter *adapter);

/**
 * e1k_hw_init() - program everything but the rings and RCTL
 * @adapter: the adapter
 *
 * CTRL.RST does nothing on QEMU's model, so every register the driver
 * relies on is written here by hand: interrupt mask, CTRL, VET, receive
 * address and multicast tables, VLAN filter table, interrupt moderation
 * and transmit IPG.
 * Context: RTNL held.
 */
void e1k_hw_init(struct e1k_adapter *adapter);

/**
 * e1k_num_vectors() - interrupt vectors the device runs with
 * @adapter: the adapter
 *
 * Return: E1K_NUM_VECTORS in MSI-X mode, else the one MSI or INTx vector.
 */
static inline int e1k_num_vectors(const struct e1k_adapter *adapter)
{
	return adapter->msix ? E1K_NUM_VECTORS : 1;
}

/**
 * e1k_hw_write_itr() - write the queue vector's interrupt throttle
 * @adapter: the adapter
 * @itr: the interval in 256 ns units
 */
void e1k_hw_write_itr(struct e1k_adapter *adapter, u32 itr);

/**
 * e1k_hw_write_rctl() - write RCTL if, and only if, its value changes
 * @adapter: the adapter
 * @rctl: the new value
 *
 * Context: netif_addr_lock held or the netdev not yet registered.
 */
void e1k_hw_write_rctl(struct e1k_adapter *adapter, u32 rctl);
void e1k_hw_write_rss_key(struct e1k_adapter *adapter);
void e1k_hw_set_rx_offloads(struct e1k_adapter *adapter, netdev_features_t features);

/**
 * e1k_hw_sync_rctl() - reload the RCTL shadow from the device
 * @adapter: the adapter
 *
 * For probe and resume, when the device may hold a value the driver did
 * not write.
 */
void e1k_hw_sync_rctl(struct e1k_adapter *adapter);

/**
 * e1k_hw_set_vlan_mode() - set CTRL.VME from the netdev features
 * @adapter: the adapter
 * @features: the features to apply
 *
 * CTRL.VME turns on both VLAN tag stripping and insertion.
 */
void e1k_hw_set_vlan_mode(struct e1k_adapter *adapter, netdev_features_t features);

/**
 * e1k_hw_set_rar() - program one receive address register pair
 * @adapter: the adapter
 * @index: entry (0 is the station address)
 * @addr: the address, or NULL to invalidate the entry
 */
void e1k_hw_set_rar(struct e1k_adapter *adapter, unsigned int index, const u8 *addr);

/**
 * e1k_hw_write_mta() - write the multicast table words that differ
 * @adapter: the adapter
 * @mta: the wanted table
 *
 * Context: netif_addr_lock held.
 */
void e1k_hw_write_mta(struct e1k_adapter *adapter, const u32 *mta);

/**
 * e1k_hw_mta_hash() - multicast table bit for an address (RCTL.MO = 0)
 * @addr: the multicast address
 *
 * Return: index into the 4096-bit table.
 */
u32 e1k_hw_mta_hash(const u8 *addr);

/**
 * e1k_hw_write_vfta() - write the VLAN filter table word holding @vid
 * @adapter: the adapter
 * @vid: VLAN id whose word is rewritten from &e1k_adapter.active_vlans
 */
void e1k_hw_write_vfta(struct e1k_adapter *adapter, u16 vid);

/**
 * e1k_hw_link_up() - link state from STATUS.LU
 * @adapter: the adapter
 * @speed: set to the speed in Mb/s when the link is up (may be NULL)
 * @full_duplex: set to the duplex when the link is up (may be NULL)
 *
 * Return: true if the link is up.
 */
bool e1k_hw_link_up(struct e1k_adapter *adapter, u32 *speed, bool *full_duplex);

/**
 * e1k_hw_stats_reset() - clear the hardware counters and zero the totals
 * @adapter: the adapter
 */
void e1k_hw_stats_reset(struct e1k_adapter *adapter);

/**
 * e1k_hw_stats_rebase() - take new baselines, keeping the totals
 * @adapter: the adapter
 *
 * For resume: a device reset behind the driver's back restarts the running
 * counters, which would otherwise read as a jump of almost 2^32.
 */
void e1k_hw_stats_rebase(struct e1k_adapter *adapter);

/**
 * e1k_hw_stats_update() - add what the hardware counted since the last call
 * @adapter: the adapter
 *
 * Context: process context; takes &e1k_adapter.hw_stats_lock with BHs off.
 */
void e1k_hw_stats_update(struct e1k_adapter *adapter);

/**
 * e1k_hw_stats_read() - copy the hardware counter totals
 * @adapter: the adapter
 * @stats: E1K_HW_STATS_NUM totals
 *
 * Reads no register.  Context: any but hard IRQ.
 */
void e1k_hw_stats_read(struct e1k_adapter *adapter, u64 *stats);

/**
 * e1k_hw_stat_name() - ethtool name of a hardware counter
 * @stat: an &enum e1k_hw_stat
 *
 * Return: the name.
 */
const char *e1k_hw_stat_name(unsigned int stat);

/* ---- e1k_netdev.c ---------------------------------------------------- */

/*
 * Lifecycle (see e1k_netdev.c): open allocates every ring (posting RX
 * buffers is part of that), requests the IRQ and enables; close disables,
 * frees the IRQ and the rings.  A reconfiguration (ring resize, self-test,
 * reset, suspend/resume) never frees what it cannot get back: it disables,
 * and enables again on the same rings or, for a resize, on new ones
 * allocated beforehand while the old ones still carry traffic.
 */
int e1k_rings_alloc(struct e1k_adapter *adapter, struct e1k_tx_ring *tx,
		    struct e1k_rx_ring *rx, u16 tx_count, u16 rx_count,
		    struct napi_struct *napi);
void e1k_rings_free(struct e1k_adapter *adapter, struct e1k_tx_ring *tx,
		    struct e1k_rx_ring *rx);
void e1k_disable(struct e1k_adapter *adapter);
void e1k_restart(struct e1k_adapter *adapter);
int e1k_resize_rings(struct e1k_adapter *adapter, u16 tx_count, u16 rx_count,
		     struct netlink_ext_ack *extack);
void e1k_netdev_setup(struct e1k_adapter *adapter, bool highdma);
void e1k_sw_stats_read(struct e1k_adapter *adapter, struct e1k_sw_stats *stats);
void e1k_watchdog_task(struct work_struct *work);
void e1k_reset_task(struct work_struct *work);
void e1k_rx_mode_update(struct e1k_adapter *adapter);

/* ---- e1k_tx.c ------------------------------------------------------------ */

int e1k_tx_ring_alloc(struct e1k_tx_ring *ring, struct device *dev, u16 count);
void e1k_tx_ring_free(struct e1k_tx_ring *ring, struct device *dev);
void e1k_tx_ring_swap(struct e1k_tx_ring *a, struct e1k_tx_ring *b);
void e1k_tx_ring_configure(struct e1k_adapter *adapter, struct e1k_tx_ring *ring);
void e1k_tx_ring_flush(struct e1k_tx_ring *ring, struct device *dev,
		       struct netdev_queue *txq);
netdev_tx_t e1k_xmit_frame(struct sk_buff *skb, struct net_device *netdev);
netdev_features_t e1k_features_check(struct sk_buff *skb, struct net_device *netdev,
				     netdev_features_t features);
void e1k_tx_clean(struct e1k_adapter *adapter, struct e1k_tx_ring *ring, int napi_budget);
int e1k_tx_xdp_frame(struct e1k_adapter *adapter, struct e1k_tx_ring *ring,
		     struct xdp_frame *xdpf, enum e1k_tx_type type);
void e1k_tx_xdp_kick(struct e1k_adapter *adapter, struct e1k_tx_ring *ring);

/* ---- e1k_rx.c ---------------------------------------------------------- */

int e1k_rx_ring_alloc(struct e1k_adapter *adapter, struct e1k_rx_ring *ring, u16 queue,
		      u16 count, struct napi_struct *napi);
void e1k_rx_ring_free(struct e1k_rx_ring *ring, struct device *dev);
void e1k_rx_ring_swap(struct e1k_rx_ring *a, struct e1k_rx_ring *b);
void e1k_rx_ring_configure(struct e1k_adapter *adapter, struct e1k_rx_ring *ring);
int e1k_rx_ring_fill(struct e1k_adapter *adapter, struct e1k_rx_ring *ring);
void e1k_rx_ring_flush(struct e1k_rx_ring *ring);
int e1k_rx_clean(struct e1k_adapter *adapter, struct e1k_rx_ring *ring, int budget);
u32 e1k_rx_rctl_bits(struct net_device *netdev, netdev_features_t features);

/* ---- e1k_xdp.c ---------------------------------------------------------- */

/**
 * enum e1k_xdp_verdict - what became of a buffer after the XDP program
 * @E1K_XDP_PASS: build an skb from the (possibly changed) buffer
 * @E1K_XDP_CONSUMED: dropped; the caller returns the page to its pool
 * @E1K_XDP_TX: queued on the TX ring, which now owns the page
 * @E1K_XDP_REDIRECT: handed to xdp_do_redirect(), which owns the page
 */
enum e1k_xdp_verdict {
	E1K_XDP_PASS,
	E1K_XDP_CONSUMED,
	E1K_XDP_TX,
	E1K_XDP_REDIRECT,
};

/**
 * e1k_xdp_run() - run the XDP program on one received buffer and act on it
 * @adapter: the adapter
 * @prog: the program
 * @xdp: the buffer
 * @stats: per-action tallies of this poll
 *
 * Context: NAPI.
 * Return: an &enum e1k_xdp_verdict.
 */
enum e1k_xdp_verdict e1k_xdp_run(struct e1k_adapter *adapter, struct bpf_prog *prog,
				 struct xdp_buff *xdp, struct e1k_xdp_stats *stats);

/**
 * e1k_xdp_finish() - end of a NAPI poll: flush redirects, kick XDP_TX
 * @adapter: the adapter
 * @stats: the poll's tallies, to see what needs doing
 *
 * Context: NAPI.
 */
void e1k_xdp_finish(struct e1k_adapter *adapter, const struct e1k_xdp_stats *stats);

/**
 * e1k_bpf() - ndo_bpf: attach, replace or detach the XDP program
 * @netdev: the net device
 * @bpf: the command
 *
 * Context: RTNL held.
 * Return: 0 or a negative errno, with an extack message.
 */
int e1k_bpf(struct net_device *netdev, struct netdev_bpf *bpf);

/**
 * e1k_xdp_xmit() - ndo_xdp_xmit: send frames redirected to this device
 * @netdev: the net device
 * @n: number of frames
 * @frames: the frames
 * @flags: XDP_XMIT_FLUSH to write the tail now
 *
 * Return: frames queued (the caller frees the rest), or a negative errno.
 */
int e1k_xdp_xmit(struct net_device *netdev, int n, struct xdp_frame **frames, u32 flags);

/* ---- e1k_debugfs.c ------------------------------------------------------ */

/**
 * e1k_debugfs_init() - create the driver's debugfs root, e1k/
 */
void e1k_debugfs_init(void);

/**
 * e1k_debugfs_exit() - remove the driver's debugfs root and all below it
 */
void e1k_debugfs_exit(void);

/**
 * e1k_debugfs_adapter_init() - create e1k/<pci name>/ with the fault knobs
 * @adapter: the adapter
 */
void e1k_debugfs_adapter_init(struct e1k_adapter *adapter);

/**
 * e1k_debugfs_adapter_exit() - remove what e1k_debugfs_adapter_init() made
 * @adapter: the adapter
 */
void e1k_debugfs_adapter_exit(struct e1k_adapter *adapter);

/* ---- e1k_ethtool.c ----------------------------------------------------- */

/**
 * e1k_set_ethtool_ops() - attach the ethtool operations
 * @netdev: the net device
 */
void e1k_set_ethtool_ops(struct net_device *netdev);

/* ---- e1k_coalesce.c ------------------------------------------------------ */

void e1k_coalesce_init(struct e1k_coal *coal);
u32 e1k_coalesce_itr(struct e1k_adapter *adapter);
void e1k_coalesce_adapt(struct e1k_adapter *adapter);
int e1k_get_coalesce(struct net_device *netdev, struct ethtool_coalesce *ec,
		     struct kernel_ethtool_coalesce *kec, struct netlink_ext_ack *extack);
int e1k_set_coalesce(struct net_device *netdev, struct ethtool_coalesce *ec,
		     struct kernel_ethtool_coalesce *kec, struct netlink_ext_ack *extack);

/* ---- e1k_selftest.c ------------------------------------------------------ */

#define E1K_TEST_REG		0
#define E1K_TEST_EEPROM		1
#define E1K_TEST_INTR		2
#define E1K_TEST_LOOPBACK	3
#define E1K_TEST_LINK		4
#define E1K_TEST_NUM		5

/**
 * e1k_selftest_name() - ethtool string of one self-test result
 * @test: E1K_TEST_*
 *
 * Return: the name.
 */
const char *e1k_selftest_name(unsigned int test);

/**
 * e1k_selftest() - ethtool self_test
 * @netdev: the net device
 * @eth_test: the request; ETH_TEST_FL_FAILED is set on failure
 * @data: E1K_TEST_NUM results, 0 = pass
 *
 * Context: RTNL held.  Offline tests take a running interface down and up.
 */
void e1k_selftest(struct net_device *netdev, struct ethtool_test *eth_test, u64 *data);

#endif /* _E1K_H_ */
