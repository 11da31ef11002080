// SPDX-License-Identifier: GPL-2.0
/*
 * e1k: ethtool operations.
 */

#include <linux/bitfield.h>
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

	if (!e1k_ring_size_valid(ring->tx_pending) || !e1k_ring_size_valid(ring->rx_pending)) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "ring sizes must be multiples of %zu from %u to %u",
				       E1K_RING_ALIGN, E1K_RING_MIN, E1K_RING_MAX);
		return -EINVAL;
	}
	if (ring->tx_pending == adapter->tx_ring_count &&
	    ring->rx_pending == adapter->rx_ring_count)
		return 0;

	return e1k_resize_rings(adapter, ring->tx_pending, ring->rx_pending, extack);
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
	E1K_SW_STAT("rx_csum_offload_good", rx_csum_good),
	E1K_SW_STAT("rx_csum_offload_errors", rx_csum_bad),
	E1K_SW_STAT("rx_csum_none", rx_csum_none),
	E1K_SW_STAT("rx_xdp_pass", rx_xdp.pass),
	E1K_SW_STAT("rx_xdp_drop", rx_xdp.drop),
	E1K_SW_STAT("rx_xdp_aborted", rx_xdp.aborted),
	E1K_SW_STAT("rx_xdp_tx", rx_xdp.tx),
	E1K_SW_STAT("rx_xdp_tx_errors", rx_xdp.tx_errors),
	E1K_SW_STAT("rx_xdp_redirect", rx_xdp.redirect),
	E1K_SW_STAT("rx_xdp_redirect_errors", rx_xdp.redirect_errors),
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
	E1K_SW_STAT("tx_xdp_xmit", tx_xdp_xmit),
	E1K_SW_STAT("tx_xdp_xmit_errors", tx_xdp_xmit_errors),
	E1K_SW_STAT("tx_timeout_count", tx_timeout),
};

#define E1K_SW_STATS_NUM	ARRAY_SIZE(e1k_sw_stat_descs)

static int e1k_get_sset_count(struct net_device *netdev, int sset)
{
	switch (sset) {
	case ETH_SS_STATS:
		return E1K_HW_STATS_NUM + E1K_SW_STATS_NUM;
	case ETH_SS_TEST:
		return E1K_TEST_NUM;
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
	case ETH_SS_TEST:
		for (i = 0; i < E1K_TEST_NUM; i++)
			ethtool_puts(&data, e1k_selftest_name(i));
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

/*
 * QEMU's model runs at 1000 Mb/s full duplex whatever the PHY is told
 * (STATUS always reports 1000/FD), so that is the only mode offered.
 */
static const int e1k_supported_modes[] = {
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
		/* ANAR's 10/100 bits have no effect on the model: not reported. */
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

static int e1k_set_link_ksettings(struct net_device *netdev,
				  const struct ethtool_link_ksettings *cmd)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	__ETHTOOL_DECLARE_LINK_MODE_MASK(supported) = {};
	u16 bmcr;
	int err;

	/*
	 * 6.12 passes set_link_ksettings no extack (the core reports "link
	 * settings update failed"), so the reason goes to the kernel log.
	 */
	if ((cmd->base.speed != SPEED_UNKNOWN && cmd->base.speed != SPEED_1000) ||
	    (cmd->base.duplex != DUPLEX_UNKNOWN && cmd->base.duplex != DUPLEX_FULL)) {
		netdev_info(netdev, "only 1000 Mb/s full duplex is supported\n");
		return -EINVAL;
	}

	linkmode_set_bit_array(e1k_supported_modes, ARRAY_SIZE(e1k_supported_modes), supported);
	if (cmd->base.autoneg == AUTONEG_ENABLE &&
	    (!linkmode_subset(cmd->link_modes.advertising, supported) ||
	     !linkmode_test_bit(ETHTOOL_LINK_MODE_1000baseT_Full_BIT,
				cmd->link_modes.advertising))) {
		netdev_info(netdev, "only 1000baseT/Full can be advertised\n");
		return -EINVAL;
	}

	err = e1k_phy_read(adapter, MII_BMCR, &bmcr);
	if (err)
		return err;

	if (cmd->base.autoneg == AUTONEG_ENABLE) {
		if (bmcr & BMCR_ANENABLE)
			return 0;
		return e1k_phy_restart_autoneg(adapter);
	}

	/* Forced 1000/full: the model keeps the link as it is. */
	bmcr &= ~(BMCR_ANENABLE | BMCR_ANRESTART | BMCR_SPEED100);
	return e1k_phy_write(adapter, MII_BMCR, bmcr | BMCR_SPEED1000 | BMCR_FULLDPLX);
}

static int e1k_nway_reset(struct net_device *netdev)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	u16 bmcr;
	int err;

	err = e1k_phy_read(adapter, MII_BMCR, &bmcr);
	if (err)
		return err;
	if (!(bmcr & BMCR_ANENABLE))
		return -EINVAL;
	/* The link drops and comes back with LSC 500 ms later on QEMU. */
	return e1k_phy_restart_autoneg(adapter);
}

/* ---- Pause, Wake-on-LAN ---------------------------------------------------- */

/*
 * QEMU's model has no flow control: it never sends or honours a pause
 * frame and its XON/XOFF counters stay 0.  Pause is reported off and
 * cannot be turned on.
 */
static void e1k_get_pauseparam(struct net_device *netdev, struct ethtool_pauseparam *pause)
{
	pause->autoneg = AUTONEG_DISABLE;
	pause->rx_pause = 0;
	pause->tx_pause = 0;
}

static int e1k_set_pauseparam(struct net_device *netdev, struct ethtool_pauseparam *pause)
{
	if (pause->autoneg || pause->rx_pause || pause->tx_pause)
		return -EOPNOTSUPP;
	return 0;
}

/*
 * The model has no PCI power-management capability, so it cannot wake the
 * system: no mode is supported.  Without set_wol, ethtool -s wol returns
 * -EOPNOTSUPP for any mode.
 */
static void e1k_get_wol(struct net_device *netdev, struct ethtool_wolinfo *wol)
{
	wol->supported = 0;
	wol->wolopts = 0;
}

/* ---- Identify (ethtool -p) ------------------------------------------------- */

/* LEDCTL is only stored by QEMU's model: the blink is not visible anywhere. */
static int e1k_set_phys_id(struct net_device *netdev, enum ethtool_phys_id_state state)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	u32 led0;

	switch (state) {
	case ETHTOOL_ID_ACTIVE:
		adapter->ledctl_saved = e1k_rd32(adapter, E1K_LEDCTL);
		return 2;	/* ON/OFF cycles per second, driven by the core */
	case ETHTOOL_ID_ON:
		led0 = E1K_LEDCTL_MODE_LED_ON;
		break;
	case ETHTOOL_ID_OFF:
		led0 = E1K_LEDCTL_MODE_LED_OFF;
		break;
	case ETHTOOL_ID_INACTIVE:
	default:
		e1k_wr32(adapter, E1K_LEDCTL, adapter->ledctl_saved);
		return 0;
	}
	e1k_wr32(adapter, E1K_LEDCTL,
		 (adapter->ledctl_saved & ~(E1K_LEDCTL_LED0_MODE | E1K_LEDCTL_LED0_BLINK)) |
		 FIELD_PREP(E1K_LEDCTL_LED0_MODE, led0));
	return 0;
}

/* ---- Register dump (ethtool -d) --------------------------------------------- */

/*
 * Layout, version E1K_REGS_VERSION: one u32 per entry of e1k_regs_dump, in
 * this order.  Registers whose read has side effects (ICR, the
 * clear-on-read counters) are not included.  Keep docs/ethtool.md in sync;
 * a change of the list needs a new version.
 */
#define E1K_REGS_VERSION	1

static const u32 e1k_regs_dump[] = {
	E1K_CTRL, E1K_STATUS, E1K_EECD, E1K_EERD, E1K_MDIC, E1K_VET,
	E1K_ITR, E1K_IMS, E1K_RCTL, E1K_TCTL, E1K_TIPG, E1K_LEDCTL, E1K_PBA,
	E1K_RDBAL, E1K_RDBAH, E1K_RDLEN, E1K_RDH, E1K_RDT, E1K_RDTR, E1K_RADV,
	E1K_TDBAL, E1K_TDBAH, E1K_TDLEN, E1K_TDH, E1K_TDT, E1K_TIDV, E1K_TADV,
	E1K_RAL(0), E1K_RAH(0),
};

static int e1k_get_regs_len(struct net_device *netdev)
{
	return sizeof(e1k_regs_dump);
}

static void e1k_get_regs(struct net_device *netdev, struct ethtool_regs *regs, void *p)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	u32 *buf = p;
	unsigned int i;

	regs->version = E1K_REGS_VERSION;
	for (i = 0; i < ARRAY_SIZE(e1k_regs_dump); i++) {
		u32 reg = e1k_regs_dump[i];

		/* The ITR slot holds the throttle in force. */
		if (reg == E1K_ITR && adapter->msix)
			reg = E1K_EITR(E1K_VEC_QUEUE);
		buf[i] = e1k_rd32(adapter, reg);
	}
}

/* ---- EEPROM (ethtool -e) ------------------------------------------------------ */

static int e1k_get_eeprom_len(struct net_device *netdev)
{
	return E1K_EEPROM_WORDS * sizeof(u16);
}

/*
 * No set_eeprom: QEMU's model ignores EEPROM writes (no EEWR, Microwire
 * write and erase not decoded), so ethtool -E gets -EOPNOTSUPP.
 */
static int e1k_get_eeprom(struct net_device *netdev, struct ethtool_eeprom *eeprom, u8 *bytes)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	u32 first = eeprom->offset / 2, last = (eeprom->offset + eeprom->len - 1) / 2;
	u32 i, pos;
	u16 word;
	int err;

	if (!eeprom->len)
		return -EINVAL;
	eeprom->magic = adapter->pdev->vendor | adapter->pdev->device << 16;

	for (i = first; i <= last; i++) {
		err = e1k_eeprom_read(adapter, i, &word);
		if (err)
			return err;
		/* Little-endian bytes, as the EEPROM holds them. */
		pos = 2 * i;
		if (pos >= eeprom->offset)
			bytes[pos - eeprom->offset] = word & 0xff;
		if (pos + 1 < eeprom->offset + eeprom->len)
			bytes[pos + 1 - eeprom->offset] = word >> 8;
	}
	return 0;
}

/* ---- Standard statistics groups ------------------------------------------- */

static void e1k_hw_stats_fresh(struct e1k_adapter *adapter, u64 *hw)
{
	e1k_hw_stats_update(adapter);
	e1k_hw_stats_read(adapter, hw);
}

static void e1k_get_pause_stats(struct net_device *netdev, struct ethtool_pause_stats *pause)
{
	u64 hw[E1K_HW_STATS_NUM];

	e1k_hw_stats_fresh(netdev_priv(netdev), hw);
	pause->tx_pause_frames = hw[E1K_HW_STAT_XONTXC] + hw[E1K_HW_STAT_XOFFTXC];
	pause->rx_pause_frames = hw[E1K_HW_STAT_XONRXC] + hw[E1K_HW_STAT_XOFFRXC];
}

static void e1k_get_eth_mac_stats(struct net_device *netdev, struct ethtool_eth_mac_stats *mac)
{
	u64 hw[E1K_HW_STATS_NUM];

	e1k_hw_stats_fresh(netdev_priv(netdev), hw);
	mac->FramesTransmittedOK = hw[E1K_HW_STAT_GPTC];
	mac->SingleCollisionFrames = hw[E1K_HW_STAT_SCC];
	mac->MultipleCollisionFrames = hw[E1K_HW_STAT_MCC];
	mac->FramesReceivedOK = hw[E1K_HW_STAT_GPRC];
	mac->FrameCheckSequenceErrors = hw[E1K_HW_STAT_CRCERRS];
	mac->AlignmentErrors = hw[E1K_HW_STAT_ALGNERRC];
	mac->OctetsTransmittedOK = hw[E1K_HW_STAT_GOTC];
	mac->LateCollisions = hw[E1K_HW_STAT_LATECOL];
	mac->FramesAbortedDueToXSColls = hw[E1K_HW_STAT_ECOL];
	mac->OctetsReceivedOK = hw[E1K_HW_STAT_GORC];
	mac->MulticastFramesXmittedOK = hw[E1K_HW_STAT_MPTC];
	mac->BroadcastFramesXmittedOK = hw[E1K_HW_STAT_BPTC];
	mac->MulticastFramesReceivedOK = hw[E1K_HW_STAT_MPRC];
	mac->BroadcastFramesReceivedOK = hw[E1K_HW_STAT_BPRC];
	mac->FrameTooLongErrors = hw[E1K_HW_STAT_ROC];
}

static void e1k_get_eth_phy_stats(struct net_device *netdev, struct ethtool_eth_phy_stats *phy)
{
	u64 hw[E1K_HW_STATS_NUM];

	e1k_hw_stats_fresh(netdev_priv(netdev), hw);
	phy->SymbolErrorDuringCarrier = hw[E1K_HW_STAT_SYMERRS];
}

static void e1k_get_eth_ctrl_stats(struct net_device *netdev,
				   struct ethtool_eth_ctrl_stats *ctrl)
{
	u64 hw[E1K_HW_STATS_NUM];

	e1k_hw_stats_fresh(netdev_priv(netdev), hw);
	ctrl->UnsupportedOpcodesReceived = hw[E1K_HW_STAT_FCRUC];
}

/* PRCxx/PTCxx count by frame length including the 4-byte FCS. */
static const struct ethtool_rmon_hist_range e1k_rmon_ranges[] = {
	{    64,   64 },
	{    65,  127 },
	{   128,  255 },
	{   256,  511 },
	{   512, 1023 },
	{  1024, 1522 },
	{}
};

static void e1k_get_rmon_stats(struct net_device *netdev, struct ethtool_rmon_stats *rmon,
			       const struct ethtool_rmon_hist_range **ranges)
{
	u64 hw[E1K_HW_STATS_NUM];
	unsigned int i;

	e1k_hw_stats_fresh(netdev_priv(netdev), hw);
	rmon->undersize_pkts = hw[E1K_HW_STAT_RUC];
	rmon->oversize_pkts = hw[E1K_HW_STAT_ROC];
	rmon->fragments = hw[E1K_HW_STAT_RFC];
	rmon->jabbers = hw[E1K_HW_STAT_RJC];
	for (i = 0; i < ARRAY_SIZE(e1k_rmon_ranges) - 1; i++) {
		rmon->hist[i] = hw[E1K_HW_STAT_PRC64 + i];
		rmon->hist_tx[i] = hw[E1K_HW_STAT_PTC64 + i];
	}
	*ranges = e1k_rmon_ranges;
}

/*
 * RSS, on the 82574L, is there for its hash (skb->hash, rxhash): one queue,
 * so every indirection entry is 0; the key is ethtool -X's to change.
 */
static u32 e1k_get_rxfh_key_size(struct net_device *netdev)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	return e1k_has(adapter, E1K_CAP_RX_EXT) ? E1K_RSS_KEY_LEN : 0;
}

static u32 e1k_get_rxfh_indir_size(struct net_device *netdev)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	return e1k_has(adapter, E1K_CAP_RX_EXT) ? E1K_RETA_ENTRIES : 0;
}

static int e1k_get_rxfh(struct net_device *netdev, struct ethtool_rxfh_param *rxfh)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	if (!e1k_has(adapter, E1K_CAP_RX_EXT))
		return -EOPNOTSUPP;
	rxfh->hfunc = ETH_RSS_HASH_TOP;
	if (rxfh->indir)
		memset(rxfh->indir, 0, E1K_RETA_ENTRIES * sizeof(*rxfh->indir));
	if (rxfh->key)
		memcpy(rxfh->key, adapter->rss_key, E1K_RSS_KEY_LEN);
	return 0;
}

/* The core has checked the table against the one ring: all zeroes. */
static int e1k_set_rxfh(struct net_device *netdev, struct ethtool_rxfh_param *rxfh,
			struct netlink_ext_ack *extack)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	if (!e1k_has(adapter, E1K_CAP_RX_EXT))
		return -EOPNOTSUPP;
	if (rxfh->hfunc != ETH_RSS_HASH_NO_CHANGE && rxfh->hfunc != ETH_RSS_HASH_TOP) {
		NL_SET_ERR_MSG_MOD(extack, "the device hashes with Toeplitz only");
		return -EOPNOTSUPP;
	}
	if (!rxfh->key)
		return 0;

	memcpy(adapter->rss_key, rxfh->key, E1K_RSS_KEY_LEN);
	if (e1k_present(adapter))
		e1k_hw_write_rss_key(adapter);
	return 0;
}

E1K_RXFH_COMPAT(e1k_get_rxfh, e1k_set_rxfh);

/* What the device hashes: MRQC's types; UDP gets the addresses only. */
static int e1k_rxfh_fields(struct e1k_adapter *adapter, struct ethtool_rxnfc *cmd)
{
	if (!e1k_has(adapter, E1K_CAP_RX_EXT))
		return -EOPNOTSUPP;

	switch (cmd->flow_type) {
	case TCP_V4_FLOW:
	case TCP_V6_FLOW:
		cmd->data = RXH_IP_SRC | RXH_IP_DST | RXH_L4_B_0_1 | RXH_L4_B_2_3;
		break;
	case UDP_V4_FLOW:
	case SCTP_V4_FLOW:
	case AH_ESP_V4_FLOW:
	case IPV4_FLOW:
	case UDP_V6_FLOW:
	case SCTP_V6_FLOW:
	case AH_ESP_V6_FLOW:
	case IPV6_FLOW:
		cmd->data = RXH_IP_SRC | RXH_IP_DST;
		break;
	default:
		cmd->data = 0;
		break;
	}
	return 0;
}

static int e1k_get_rxnfc(struct net_device *netdev, struct ethtool_rxnfc *cmd, u32 *rules)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	switch (cmd->cmd) {
	case ETHTOOL_GRXRINGS:
		cmd->data = E1K_NUM_QUEUES;
		return 0;
	case ETHTOOL_GRXFH:
		return e1k_rxfh_fields(adapter, cmd);
	default:
		return -EOPNOTSUPP;
	}
}

static const struct ethtool_ops e1k_ethtool_ops = {
	.supported_coalesce_params = ETHTOOL_COALESCE_USECS | ETHTOOL_COALESCE_USE_ADAPTIVE_RX,
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
	.set_link_ksettings	= e1k_set_link_ksettings,
	.nway_reset		= e1k_nway_reset,
	.self_test		= e1k_selftest,
	.get_coalesce		= e1k_get_coalesce,
	.set_coalesce		= e1k_set_coalesce,
	.get_regs_len		= e1k_get_regs_len,
	.get_regs		= e1k_get_regs,
	.get_eeprom_len		= e1k_get_eeprom_len,
	.get_eeprom		= e1k_get_eeprom,
	.get_pauseparam		= e1k_get_pauseparam,
	.set_pauseparam		= e1k_set_pauseparam,
	.get_pause_stats	= e1k_get_pause_stats,
	.get_eth_mac_stats	= e1k_get_eth_mac_stats,
	.get_eth_phy_stats	= e1k_get_eth_phy_stats,
	.get_eth_ctrl_stats	= e1k_get_eth_ctrl_stats,
	.get_rmon_stats		= e1k_get_rmon_stats,
	.get_wol		= e1k_get_wol,
	.set_phys_id		= e1k_set_phys_id,
	.get_ts_info		= ethtool_op_get_ts_info,
	.get_rxnfc		= e1k_get_rxnfc,
	.get_rxfh_key_size	= e1k_get_rxfh_key_size,
	.get_rxfh_indir_size	= e1k_get_rxfh_indir_size,
	.get_rxfh		= E1K_RXFH_OP(e1k_get_rxfh),
	.set_rxfh		= E1K_RXFH_OP(e1k_set_rxfh),
};

void e1k_set_ethtool_ops(struct net_device *netdev)
{
	netdev->ethtool_ops = &e1k_ethtool_ops;
}
