/* SPDX-License-Identifier: GPL-2.0 */
/*
 * e1k: what the driver uses from kernels newer than the oldest one it
 * builds against.  The .c files are written against 6.12; this header
 * fills in, for older kernels (Debian 12's 6.1 is the oldest tested), the
 * helpers they lack, or turns a feature the old kernel cannot report into
 * a no-op.  Version checks live here and nowhere else.
 *
 * Supported: 6.1 and 6.10 or later (queue stats gained the fields e1k
 * fills in 6.10; the kernels in between are not tested).
 */
#ifndef _E1K_COMPAT_H_
#define _E1K_COMPAT_H_

#include <linux/bitmap.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/pci.h>
#include <linux/version.h>
#include <net/netdev_queues.h>
#include <net/xdp.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
/* INTx was called "legacy" until 6.8. */
#define PCI_IRQ_INTX		PCI_IRQ_LEGACY
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
/* The old kernel cannot format extack messages: keep the fixed text. */
#define NL_SET_ERR_MSG_FMT_MOD(extack, fmt, args...) \
	NL_SET_ERR_MSG_MOD(extack, fmt)
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
static inline void e1k_txq_completed_mb(struct netdev_queue *txq,
					unsigned int pkts, unsigned int bytes)
{
	if (pkts || bytes)
		netdev_tx_completed_queue(txq, pkts, bytes);
	else
		smp_mb(); /* pairs with netif_txq_maybe_stop(), as in 6.3+ */
}

#define __netif_txq_completed_wake(txq, pkts, bytes, get_desc, start_thrs, down_cond) \
	({									\
		struct netdev_queue *_txq = (txq);				\
										\
		e1k_txq_completed_mb(_txq, pkts, bytes);			\
		__netif_txq_maybe_wake(_txq, get_desc, start_thrs, down_cond);	\
	})

#define NETDEV_XDP_ACT_BASIC		0
#define NETDEV_XDP_ACT_REDIRECT		0
#define NETDEV_XDP_ACT_NDO_XMIT		0

/* No xdp_features before 6.3: the stack does not ask. */
static inline void xdp_set_features_flag(struct net_device *dev, u32 val)
{
}
#endif

/* Older kernels (6.1) hand out page fragments only from a pool made for them. */
#ifndef PP_FLAG_PAGE_FRAG
#define PP_FLAG_PAGE_FRAG	0
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 6, 0)
static inline void page_pool_dma_sync_for_cpu(const struct page_pool *pool,
					      const struct page *page,
					      u32 offset, u32 dma_sync_size)
{
	dma_sync_single_range_for_cpu(pool->p.dev, page_pool_get_dma_addr((struct page *)page),
				      offset + pool->p.offset, dma_sync_size,
				      pool->p.dma_dir);
}
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 7, 0)
/* Page pools learned their owner (for netlink introspection) in 6.7. */
static inline void e1k_pp_params_owner(struct page_pool_params *pp,
				       struct napi_struct *napi,
				       struct net_device *netdev)
{
}
#else
static inline void e1k_pp_params_owner(struct page_pool_params *pp,
				       struct napi_struct *napi,
				       struct net_device *netdev)
{
	pp->napi = napi;
	pp->netdev = netdev;
	pp->queue_idx = 0;
}
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
static inline unsigned long bitmap_read(const unsigned long *map,
					unsigned long start, unsigned long nbits)
{
	unsigned long val = 0;
	unsigned long i;

	for (i = 0; i < nbits; i++)
		if (test_bit(start + i, map))
			val |= BIT(i);
	return val;
}

static inline void ethtool_puts(u8 **data, const char *str)
{
	strscpy(*data, str, ETH_GSTRING_LEN);
	*data += ETH_GSTRING_LEN;
}

enum netdev_queue_type {
	NETDEV_QUEUE_TYPE_RX,
	NETDEV_QUEUE_TYPE_TX,
};

/* Queue-to-NAPI links are netlink introspection only: nothing to do. */
static inline void netif_queue_set_napi(struct net_device *dev, unsigned int queue_index,
					enum netdev_queue_type type,
					struct napi_struct *napi)
{
}

static inline void netif_napi_set_irq(struct napi_struct *napi, int irq)
{
}

/*
 * Before 6.8 the RSS ops took the table, key and function one by one; e1k's
 * take 6.8's parameter block, and E1K_RXFH_COMPAT(get, set) wraps them.
 */
struct ethtool_rxfh_param {
	u8 hfunc;
	u32 *indir;
	u8 *key;
};

#define E1K_RXFH_COMPAT(get, set)						\
static int get##_compat(struct net_device *dev, u32 *indir, u8 *key, u8 *hfunc)	\
{										\
	struct ethtool_rxfh_param p = { .indir = indir, .key = key };		\
	int err = get(dev, &p);							\
										\
	if (!err && hfunc)							\
		*hfunc = p.hfunc;						\
	return err;								\
}										\
static int set##_compat(struct net_device *dev, const u32 *indir,		\
			const u8 *key, const u8 hfunc)				\
{										\
	struct ethtool_rxfh_param p = {						\
		.hfunc = hfunc, .indir = (u32 *)indir, .key = (u8 *)key,	\
	};									\
										\
	return set(dev, &p, NULL);						\
}

#define E1K_RXFH_OP(fn)		fn##_compat
#else
/* Nothing to wrap: the ops must already have the types ethtool_ops wants. */
#define E1K_RXFH_COMPAT(get, set)						\
	static_assert(__same_type(&(get), typeof_member(const struct ethtool_ops, get_rxfh)) && \
		      __same_type(&(set), typeof_member(const struct ethtool_ops, set_rxfh)))
#define E1K_RXFH_OP(fn)		fn
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 10, 0)
/*
 * Per-queue statistics (netdev netlink qstats) appeared in 6.8 and gained
 * the fields e1k fills by 6.10.  Older kernels keep the struct shapes so
 * the callbacks compile, and nobody calls them.
 */
struct netdev_queue_stats_rx {
	u64 bytes;
	u64 packets;
	u64 alloc_fail;
	u64 csum_unnecessary;
	u64 csum_none;
	u64 csum_bad;
};

struct netdev_queue_stats_tx {
	u64 bytes;
	u64 packets;
	u64 needs_csum;
	u64 hw_gso_packets;
	u64 hw_gso_wire_packets;
	u64 hw_gso_wire_bytes;
	u64 stop;
	u64 wake;
};

struct netdev_stat_ops {
	void (*get_queue_stats_rx)(struct net_device *dev, int idx,
				   struct netdev_queue_stats_rx *stats);
	void (*get_queue_stats_tx)(struct net_device *dev, int idx,
				   struct netdev_queue_stats_tx *stats);
	void (*get_base_stats)(struct net_device *dev,
			       struct netdev_queue_stats_rx *rx,
			       struct netdev_queue_stats_tx *tx);
};

static inline void e1k_set_stat_ops(struct net_device *netdev,
				    const struct netdev_stat_ops *ops)
{
}
#else
static inline void e1k_set_stat_ops(struct net_device *netdev,
				    const struct netdev_stat_ops *ops)
{
	netdev->stat_ops = ops;
}
#endif

#endif /* _E1K_COMPAT_H_ */
