// SPDX-License-Identifier: GPL-2.0
/*
 * e1k: native XDP.
 *
 * The program runs in e1k_rx_clean() on each single-buffer frame, before
 * any skb exists, in the headroom of the full pages RX posts while a
 * program is attached (e1k_rx.c).  XDP_TX and
 * ndo_xdp_xmit share the one TX ring with the stack under the TX queue
 * lock; the tail is written once per NAPI poll (XDP_TX) or per flush
 * (ndo_xdp_xmit).  Attaching, replacing or detaching a program swaps one
 * pointer: the rings are not rebuilt and the link never drops.
 */

#include <linux/bpf_trace.h>
#include <linux/filter.h>

#include "e1k.h"

/* One queue pair: XDP sends on the stack's TX queue 0, under its lock. */
#define E1K_XDP_TXQ	0

static enum e1k_xdp_verdict e1k_xdp_tx(struct e1k_adapter *adapter, struct xdp_buff *xdp)
{
	struct netdev_queue *txq = netdev_get_tx_queue(adapter->netdev, E1K_XDP_TXQ);
	struct e1k_tx_ring *ring = &adapter->tx_ring[E1K_XDP_TXQ];
	struct xdp_frame *xdpf = xdp_convert_buff_to_frame(xdp);
	int err;

	if (unlikely(!xdpf))
		return E1K_XDP_CONSUMED;

	__netif_tx_lock(txq, smp_processor_id());
	err = e1k_tx_xdp_frame(adapter, ring, xdpf, E1K_TX_XDP_TX);
	__netif_tx_unlock(txq);

	return err ? E1K_XDP_CONSUMED : E1K_XDP_TX;
}

enum e1k_xdp_verdict e1k_xdp_run(struct e1k_adapter *adapter, struct bpf_prog *prog,
				 struct xdp_buff *xdp, struct e1k_xdp_stats *stats)
{
	struct net_device *netdev = adapter->netdev;
	u32 act = bpf_prog_run_xdp(prog, xdp);

	switch (act) {
	case XDP_PASS:
		stats->pass++;
		return E1K_XDP_PASS;
	case XDP_DROP:
		stats->drop++;
		return E1K_XDP_CONSUMED;
	case XDP_TX:
		if (e1k_xdp_tx(adapter, xdp) == E1K_XDP_TX) {
			stats->tx++;
			return E1K_XDP_TX;
		}
		stats->tx_errors++;
		trace_xdp_exception(netdev, prog, act);
		return E1K_XDP_CONSUMED;
	case XDP_REDIRECT:
		if (!xdp_do_redirect(netdev, xdp, prog)) {
			stats->redirect++;
			return E1K_XDP_REDIRECT;
		}
		stats->redirect_errors++;
		trace_xdp_exception(netdev, prog, act);
		return E1K_XDP_CONSUMED;
	default:
		bpf_warn_invalid_xdp_action(netdev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		stats->aborted++;
		trace_xdp_exception(netdev, prog, act);
		return E1K_XDP_CONSUMED;
	}
}

void e1k_xdp_finish(struct e1k_adapter *adapter, const struct e1k_xdp_stats *stats)
{
	struct netdev_queue *txq;

	if (stats->redirect)
		xdp_do_flush();

	if (stats->tx) {
		txq = netdev_get_tx_queue(adapter->netdev, E1K_XDP_TXQ);
		__netif_tx_lock(txq, smp_processor_id());
		e1k_tx_xdp_kick(adapter, &adapter->tx_ring[E1K_XDP_TXQ]);
		__netif_tx_unlock(txq);
	}
}

static int e1k_xdp_setup(struct e1k_adapter *adapter, struct netdev_bpf *bpf)
{
	struct net_device *netdev = adapter->netdev;
	struct bpf_prog *prog = bpf->prog, *old;

	if (prog && netdev->mtu > E1K_XDP_MAX_MTU) {
		NL_SET_ERR_MSG_FMT_MOD(bpf->extack,
				       "MTU %u too large for XDP: at most %u, one receive buffer",
				       netdev->mtu, E1K_XDP_MAX_MTU);
		return -EINVAL;
	}

	/*
	 * NAPI reads the pointer once per poll under RCU (BH); the old
	 * program is freed by bpf_prog_put() only after a grace period.
	 */
	old = rcu_replace_pointer(adapter->xdp_prog, prog, lockdep_rtnl_is_held());
	if (old)
		bpf_prog_put(old);

	netif_info(adapter, drv, netdev, "XDP program %s\n",
		   prog ? (old ? "replaced" : "attached") : "detached");
	return 0;
}

int e1k_bpf(struct net_device *netdev, struct netdev_bpf *bpf)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	switch (bpf->command) {
	case XDP_SETUP_PROG:
		return e1k_xdp_setup(adapter, bpf);
	default:
		return -EINVAL;
	}
}

int e1k_xdp_xmit(struct net_device *netdev, int n, struct xdp_frame **frames, u32 flags)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	struct netdev_queue *txq = netdev_get_tx_queue(netdev, E1K_XDP_TXQ);
	struct e1k_tx_ring *ring = &adapter->tx_ring[E1K_XDP_TXQ];
	int sent = 0;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;

	__netif_tx_lock(txq, smp_processor_id());

	/* e1k_disable() sets DOWN, then takes this lock before emptying the ring. */
	if (unlikely(test_bit(E1K_STATE_DOWN, &adapter->state) ||
		     !netif_carrier_ok(netdev))) {
		__netif_tx_unlock(txq);
		return -ENETDOWN;
	}

	while (sent < n && !e1k_tx_xdp_frame(adapter, ring, frames[sent], E1K_TX_XDP_XMIT))
		sent++;

	if (sent && (flags & XDP_XMIT_FLUSH))
		e1k_tx_xdp_kick(adapter, ring);

	u64_stats_update_begin(&ring->xstats.syncp);
	ring->xstats.xdp_xmit += sent;
	ring->xstats.xdp_xmit_errors += n - sent;
	u64_stats_update_end(&ring->xstats.syncp);

	__netif_tx_unlock(txq);
	return sent;
}
