// SPDX-License-Identifier: GPL-2.0
/*
 * e1k: ethtool operations.
 */

#include <linux/ethtool.h>
#include <linux/linkmode.h>
#include <linux/mii.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "e1k.h"

static void e1k_get_drvinfo(struct net_device *netdev, struct ethtool_drvinfo *info)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	strscpy(info->driver, E1K_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, E1K_DRV_VERSION, sizeof(info->version));
	strscpy(info->bus_info, pci_name(adapter->pdev), sizeof(info->bus_info));
}

static u32 e1k_get_msglevel(struct net_device *netdev)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	return adapter->msg_enable;
}

static void e1k_set_msglevel(struct net_device *netdev, u32 level)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	adapter->msg_enable = level;
}

/* ---- Rings ------------------------------------------------------------ */

static void e1k_get_ringparam(struct net_device *netdev, struct ethtool_ringparam *ring,
			      struct kernel_ethtool_ringparam *kernel_ring,
			      struct netlink_ext_ack *extack)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	ring->rx_max_pending = E1K_RING_MAX;
	ring->tx_max_pending = E1K_RING_MAX;
	ring->rx_pending = adapter->rx_ring_count;
	ring->tx_pending = adapter->tx_ring_count;
}

static bool e1k_ring_size_valid(u32 size)
{
	return size >= E1K_RING_MIN && size <= E1K_RING_MAX && IS_ALIGNED(size, E1K_RING_ALIGN);
}

static int e1k_set_ringparam(struct net_device *netdev, struct ethtool_ringparam *ring,
			     struct kernel_ethtool_ringparam *kernel_ring,
			     struct netlink_ext_ack *extack)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	u16 old_tx = adapter->tx_ring_count, old_rx = adapter->rx_ring_count;
	bool up = !test_bit(E1K_STATE_DOWN, &adapter->state);
	int err;

	if (!e1k_ring_size_valid(ring->tx_pending) || !e1k_ring_size_valid(ring->rx_pending)) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "ring sizes must be multiples of %zu from %u to %u",
				       E1K_RING_ALIGN, E1K_RING_MIN, E1K_RING_MAX);
		return -EINVAL;
	}
	if (ring->tx_pending == old_tx && ring->rx_pending == old_rx)
		return 0;

	if (up)
		e1k_down(adapter);
	adapter->tx_ring_count = ring->tx_pending;
	adapter->rx_ring_count = ring->rx_pending;
	if (!up)
		return 0;

	err = e1k_up(adapter);
	if (!err)
		return 0;

	NL_SET_ERR_MSG_MOD(extack, "cannot allocate rings of the new size, keeping the old one");
	adapter->tx_ring_count = old_tx;
	adapter->rx_ring_count = old_rx;
	if (e1k_up(adapter)) {
		netdev_err(netdev, "cannot restart with the old ring sizes, closing the interface\n");
		dev_close(netdev);
	}
	return err;
}

/* ---- Statistics ------------------------------------------------------- */

struct e1k_sw_stat_desc {
	char name[ETH_GSTRING_LEN];
	size_t offset;
};

#define E1K_SW_STAT(_name, _field) \
	{ .name = _name, .offset = offsetof(struct e1k_sw_stats, _field) }

static const struct e1k_sw_stat_desc e1k_sw_stat_descs[] = {
	E1K_SW_STAT("rx_packets", rx_packets),
	E1K_SW_STAT("rx_bytes", rx_bytes),
	E1K_SW_STAT("rx_alloc_failed", rx_alloc_failed),
	E1K_SW_STAT("rx_dropped_nomem", rx_dropped),
	E1K_SW_STAT("rx_dropped_malformed", rx_malformed),
	E1K_SW_STAT("rx_oversize", rx_oversize),
	E1K_SW_STAT("tx_packets", tx_packets),
	E1K_SW_STAT("tx_bytes", tx_bytes),
	E1K_SW_STAT("tx_dropped", tx_dropped),
	E1K_SW_STAT("tx_busy", tx_busy),
	E1K_SW_STAT("tx_stop_queue", tx_stop),
	E1K_SW_STAT("tx_restart_queue", tx_restart_queue),
	E1K_SW_STAT("tx_csum_offload", tx_csum),
	E1K_SW_STAT("tx_tso_packets", tx_tso_packets),
	E1K_SW_STAT("tx_tso_bytes", tx_tso_bytes),
	E1K_SW_STAT("tx_tso_segments", tx_tso_segs),
	E1K_SW_STAT("tx_timeout_count", tx_timeout),
};

#define E1K_SW_STATS_NUM	ARRAY_SIZE(e1k_sw_stat_descs)

static int e1k_get_sset_count(struct net_device *netdev, int sset)
{
	switch (sset) {
	case ETH_SS_STATS:
		return E1K_HW_STATS_NUM + E1K_SW_STATS_NUM;
	default:
		return -EOPNOTSUPP;
	}
}

static void e1k_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	unsigned int i;

	switch (sset) {
	case ETH_SS_STATS:
		for (i = 0; i < E1K_HW_STATS_NUM; i++)
			ethtool_puts(&data, e1k_hw_stat_name(i));
		for (i = 0; i < E1K_SW_STATS_NUM; i++)
			ethtool_puts(&data, e1k_sw_stat_descs[i].name);
		break;
	}
}

static void e1k_get_ethtool_stats(struct net_device *netdev, struct ethtool_stats *stats,
				  u64 *data)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	struct e1k_sw_stats sw;
	unsigned int i;

	/* Fresh hardware counters; the watchdog only polls every 2 s. */
	e1k_hw_stats_update(adapter);
	e1k_hw_stats_read(adapter, data);
	data += E1K_HW_STATS_NUM;

	e1k_sw_stats_read(adapter, &sw);
	for (i = 0; i < E1K_SW_STATS_NUM; i++)
		data[i] = *(u64 *)((u8 *)&sw + e1k_sw_stat_descs[i].offset);
}

/* ---- Link --------------------------------------------------------------- */

static const int e1k_supported_modes[] = {
	ETHTOOL_LINK_MODE_10baseT_Half_BIT,
	ETHTOOL_LINK_MODE_10baseT_Full_BIT,
	ETHTOOL_LINK_MODE_100baseT_Half_BIT,
	ETHTOOL_LINK_MODE_100baseT_Full_BIT,
	ETHTOOL_LINK_MODE_1000baseT_Full_BIT,
	ETHTOOL_LINK_MODE_Autoneg_BIT,
	ETHTOOL_LINK_MODE_TP_BIT,
};

static int e1k_get_link_ksettings(struct net_device *netdev,
				  struct ethtool_link_ksettings *cmd)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	unsigned long *advertising = cmd->link_modes.advertising;
	unsigned long *lp = cmd->link_modes.lp_advertising;
	u16 bmcr, bmsr, val;
	bool full_duplex;
	u32 speed;
	int err;

	linkmode_set_bit_array(e1k_supported_modes, ARRAY_SIZE(e1k_supported_modes),
			       cmd->link_modes.supported);
	linkmode_set_bit(ETHTOOL_LINK_MODE_TP_BIT, advertising);
	cmd->base.port = PORT_TP;
	cmd->base.phy_address = E1K_PHY_ADDR;

	err = e1k_phy_read(adapter, MII_BMCR, &bmcr);
	if (!err)
		err = e1k_phy_read(adapter, MII_BMSR, &bmsr);
	if (err)
		return err;

	cmd->base.autoneg = bmcr & BMCR_ANENABLE ? AUTONEG_ENABLE : AUTONEG_DISABLE;
	if (bmcr & BMCR_ANENABLE) {
		linkmode_set_bit(ETHTOOL_LINK_MODE_Autoneg_BIT, advertising);
		if (!e1k_phy_read(adapter, MII_ADVERTISE, &val))
			mii_adv_mod_linkmode_adv_t(advertising, val);
		if (!e1k_phy_read(adapter, MII_CTRL1000, &val))
			mii_ctrl1000_mod_linkmode_adv_t(advertising, val);
	}
	if (bmsr & BMSR_ANEGCOMPLETE) {
		if (!e1k_phy_read(adapter, MII_LPA, &val))
			mii_lpa_mod_linkmode_lpa_t(lp, val);
		if (!e1k_phy_read(adapter, MII_STAT1000, &val))
			mii_stat1000_mod_linkmode_lpa_t(lp, val);
	}

	if (netif_carrier_ok(netdev) && e1k_hw_link_up(adapter, &speed, &full_duplex)) {
		cmd->base.speed = speed;
		cmd->base.duplex = full_duplex ? DUPLEX_FULL : DUPLEX_HALF;
	} else {
		cmd->base.speed = SPEED_UNKNOWN;
		cmd->base.duplex = DUPLEX_UNKNOWN;
	}
	return 0;
}

static int e1k_nway_reset(struct net_device *netdev)
{
	return e1k_phy_restart_autoneg(netdev_priv(netdev));
}

static const struct ethtool_ops e1k_ethtool_ops = {
	.get_drvinfo		= e1k_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_msglevel		= e1k_get_msglevel,
	.set_msglevel		= e1k_set_msglevel,
	.get_ringparam		= e1k_get_ringparam,
	.set_ringparam		= e1k_set_ringparam,
	.get_sset_count		= e1k_get_sset_count,
	.get_strings		= e1k_get_strings,
	.get_ethtool_stats	= e1k_get_ethtool_stats,
	.get_link_ksettings	= e1k_get_link_ksettings,
	.nway_reset		= e1k_nway_reset,
};

void e1k_set_ethtool_ops(struct net_device *netdev)
{
	netdev->ethtool_ops = &e1k_ethtool_ops;
}
