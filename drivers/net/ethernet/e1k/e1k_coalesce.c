// SPDX-License-Identifier: GPL-2.0
/*
 * e1k: interrupt moderation, all of it: the ITR policy and its defaults,
 * adaptive-rx (stepped by the watchdog), and ethtool -c/-C.
 *
 * One interrupt serves RX and TX, throttled by ITR in 256 ns units (16
 * bits, so at most 16776 us).  rx-usecs and tx-usecs are the same setting:
 * changing one changes both.  RDTR/RADV/TIDV/TADV stay 0.
 *
 * QEMU quirk: the model's mitigation is a rate limiter whose window is
 * clamped to at least 128 us (500 units), so any value below 128 us acts
 * like 128 us there; the first interrupt after a quiet period is never
 * delayed.  The values are still stored and reported as set.
 */

#include <linux/ethtool.h>

#include "e1k.h"

#define E1K_COAL_USECS_DEFAULT	50	/* 20000 interrupts/s */
#define E1K_COAL_USECS_MAX	(E1K_ITR_INTERVAL * 256 / 1000)
/* adaptive-rx: below this many RX packets/s, do not throttle at all */
#define E1K_COAL_LOW_RATE	2000
/* ... below this, 50 us (20000/s); above, 125 us (8000/s) */
#define E1K_COAL_HIGH_RATE	20000

E1K_STATIC_TESTABLE u32 e1k_usecs_to_itr(u32 usecs)
{
	return DIV_ROUND_CLOSEST(usecs * 1000, 256);
}

/* adaptive-rx: the interval for an RX rate in packets per second */
E1K_STATIC_TESTABLE u32 e1k_coalesce_pick_usecs(u64 rate)
{
	if (rate < E1K_COAL_LOW_RATE)
		return 0;
	if (rate < E1K_COAL_HIGH_RATE)
		return 50;
	return 125;
}

/**
 * e1k_coalesce_init() - the defaults: adaptive-rx on, 50 us when pinned
 * @coal: the adapter's moderation state
 */
void e1k_coalesce_init(struct e1k_coal *coal)
{
	spin_lock_init(&coal->lock);
	coal->usecs = E1K_COAL_USECS_DEFAULT;
	coal->itr = e1k_usecs_to_itr(E1K_COAL_USECS_DEFAULT);
	/* moderation follows the RX rate unless the user pins rx-usecs */
	coal->adaptive = true;
}

/**
 * e1k_coalesce_itr() - ITR value in force, for e1k_hw_init()
 * @adapter: the adapter
 *
 * Return: the value to write to ITR.
 */
u32 e1k_coalesce_itr(struct e1k_adapter *adapter)
{
	return READ_ONCE(adapter->coal.itr);
}

static void e1k_coalesce_write_itr(struct e1k_adapter *adapter, u32 itr)
{
	lockdep_assert_held(&adapter->coal.lock);

	if (itr == READ_ONCE(adapter->coal.itr))
		return;
	WRITE_ONCE(adapter->coal.itr, itr);
	if (!test_bit(E1K_STATE_DOWN, &adapter->state))
		e1k_hw_write_itr(adapter, itr);
}

/**
 * e1k_coalesce_adapt() - adaptive-rx step, called by the watchdog
 * @adapter: the adapter
 *
 * Picks an ITR from the RX packet rate since the last call when adaptive-rx
 * is on; does nothing otherwise.
 */
void e1k_coalesce_adapt(struct e1k_adapter *adapter)
{
	struct e1k_sw_stats sw;
	u64 rate;

	e1k_sw_stats_read(adapter, &sw);
	rate = div_u64(sw.rx_packets - adapter->coal.last_rx, E1K_WATCHDOG_PERIOD / HZ);
	adapter->coal.last_rx = sw.rx_packets;

	/* ethtool -C may have turned adaptive-rx off since the watchdog ran. */
	spin_lock_bh(&adapter->coal.lock);
	if (adapter->coal.adaptive)
		e1k_coalesce_write_itr(adapter,
				       e1k_usecs_to_itr(e1k_coalesce_pick_usecs(rate)));
	spin_unlock_bh(&adapter->coal.lock);
}

/**
 * e1k_get_coalesce() - ethtool get_coalesce
 * @netdev: the net device
 * @ec: the settings
 * @kec: unused
 * @extack: unused
 *
 * Return: 0.
 */
int e1k_get_coalesce(struct net_device *netdev, struct ethtool_coalesce *ec,
		     struct kernel_ethtool_coalesce *kec, struct netlink_ext_ack *extack)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	ec->rx_coalesce_usecs = adapter->coal.usecs;
	ec->tx_coalesce_usecs = adapter->coal.usecs;
	ec->use_adaptive_rx_coalesce = adapter->coal.adaptive;
	return 0;
}

/**
 * e1k_set_coalesce() - ethtool set_coalesce: rx/tx-usecs and adaptive-rx
 * @netdev: the net device
 * @ec: the settings
 * @kec: unused
 * @extack: where a refusal is explained
 *
 * Context: RTNL held.
 * Return: 0, or -EINVAL for a value the one throttle cannot take.
 */
int e1k_set_coalesce(struct net_device *netdev, struct ethtool_coalesce *ec,
		     struct kernel_ethtool_coalesce *kec, struct netlink_ext_ack *extack)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	u32 cur = adapter->coal.usecs, usecs;

	/* The request carries both values; the one left unchanged follows the other. */
	if (ec->rx_coalesce_usecs == ec->tx_coalesce_usecs || ec->tx_coalesce_usecs == cur) {
		usecs = ec->rx_coalesce_usecs;
	} else if (ec->rx_coalesce_usecs == cur) {
		usecs = ec->tx_coalesce_usecs;
	} else {
		NL_SET_ERR_MSG_MOD(extack,
				   "rx-usecs and tx-usecs share one interrupt throttle and must be equal");
		return -EINVAL;
	}
	if (usecs > E1K_COAL_USECS_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "rx-usecs/tx-usecs must be at most %lu",
				       E1K_COAL_USECS_MAX);
		return -EINVAL;
	}

	adapter->coal.usecs = usecs;
	spin_lock_bh(&adapter->coal.lock);
	adapter->coal.adaptive = !!ec->use_adaptive_rx_coalesce;
	if (!adapter->coal.adaptive)
		e1k_coalesce_write_itr(adapter, e1k_usecs_to_itr(usecs));
	spin_unlock_bh(&adapter->coal.lock);
	return 0;
}
