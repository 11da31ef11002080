// SPDX-License-Identifier: GPL-2.0
/*
 * e1k: register access, EEPROM, PHY, filter tables and hardware counters.
 */

#include <linux/bitfield.h>
#include <linux/etherdevice.h>
#include <linux/iopoll.h>
#include <linux/mii.h>

#include "e1k.h"

/* EERD and MDIC complete at once on QEMU; real parts take microseconds. */
#define E1K_EERD_POLL_US	5
#define E1K_EERD_TIMEOUT_US	10000
#define E1K_MDIC_POLL_US	10
#define E1K_MDIC_TIMEOUT_US	10000

/* Standard inter-packet gap for copper: IPGT 10, IPGR1 8, IPGR2 6. */
#define E1K_TIPG_DEFAULT	(FIELD_PREP(E1K_TIPG_IPGT, 10) | \
				 FIELD_PREP(E1K_TIPG_IPGR1, 8) | \
				 FIELD_PREP(E1K_TIPG_IPGR2, 6))

static void e1k_hw_gone(struct e1k_adapter *adapter, u32 reg)
{
	WRITE_ONCE(adapter->hw_addr, NULL);
	if (test_and_set_bit(E1K_STATE_GONE, &adapter->state))
		return;

	dev_err(&adapter->pdev->dev,
		"register 0x%05x and STATUS read all ones: device gone, register access stopped\n",
		reg);
	netif_device_detach(adapter->netdev);
}

u32 e1k_rd32(struct e1k_adapter *adapter, u32 reg)
{
	u8 __iomem *hw_addr = READ_ONCE(adapter->hw_addr);
	u32 val;

	if (unlikely(!hw_addr))
		return ~0U;

	/* Fault injection (debugfs mmio_gone): the device fell off the bus. */
	if (e1k_faults_on() && READ_ONCE(adapter->fault.mmio_gone)) {
		e1k_hw_gone(adapter, reg);
		return ~0U;
	}

	val = readl(hw_addr + reg);
	if (likely(val != ~0U))
		return val;

	/* Some registers may read all ones; STATUS never does. */
	if (reg != E1K_STATUS && readl(hw_addr + E1K_STATUS) != ~0U)
		return val;

	e1k_hw_gone(adapter, reg);
	return ~0U;
}

/* ---- EEPROM ----------------------------------------------------------- */

int e1k_eeprom_read(struct e1k_adapter *adapter, u16 word, u16 *data)
{
	const struct e1k_caps *caps = adapter->caps;
	u32 eerd;
	int err;

	e1k_wr32(adapter, E1K_EERD,
		 E1K_EERD_START | ((word << __bf_shf(caps->eerd_addr)) & caps->eerd_addr));

	/* An all-ones read has DONE set too, so a vanished device ends the wait. */
	err = read_poll_timeout(e1k_rd32, eerd, eerd & caps->eerd_done,
				E1K_EERD_POLL_US, E1K_EERD_TIMEOUT_US, false,
				adapter, E1K_EERD);
	if (!e1k_present(adapter))
		return -ENODEV;
	if (err)
		return err;

	*data = FIELD_GET(E1K_EERD_DATA, eerd);
	return 0;
}

int e1k_hw_read_mac_addr(struct e1k_adapter *adapter, u8 *addr)
{
	u16 words[E1K_EEPROM_WORDS];
	u16 sum = 0;
	unsigned int i;
	int err;

	for (i = 0; i < E1K_EEPROM_WORDS; i++) {
		err = e1k_eeprom_read(adapter, i, &words[i]);
		if (err)
			return err;
		sum += words[i];
	}

	for (i = 0; i < ETH_ALEN / 2; i++) {
		addr[2 * i] = words[E1K_EEPROM_MAC_WORD + i] & 0xff;
		addr[2 * i + 1] = words[E1K_EEPROM_MAC_WORD + i] >> 8;
	}

	if (sum != E1K_EEPROM_CHECKSUM)
		return -EIO;
	if (!is_valid_ether_addr(addr))
		return -EADDRNOTAVAIL;
	return 0;
}

/* ---- PHY ---------------------------------------------------------------- */

static int e1k_mdic_wait(struct e1k_adapter *adapter, u32 *mdic)
{
	u32 val;
	int err;

	/* READY is set in an all-ones read as well. */
	err = read_poll_timeout(e1k_rd32, val, val & E1K_MDIC_READY,
				E1K_MDIC_POLL_US, E1K_MDIC_TIMEOUT_US, false,
				adapter, E1K_MDIC);
	if (!e1k_present(adapter))
		return -ENODEV;
	if (err)
		return err;
	if (val & E1K_MDIC_ERROR)
		return -EIO;

	*mdic = val;
	return 0;
}

int e1k_phy_read(struct e1k_adapter *adapter, u32 reg, u16 *val)
{
	u32 mdic;
	int err;

	mutex_lock(&adapter->phy_lock);
	e1k_wr32(adapter, E1K_MDIC,
		 FIELD_PREP(E1K_MDIC_REG, reg) |
		 FIELD_PREP(E1K_MDIC_PHY, E1K_PHY_ADDR) |
		 FIELD_PREP(E1K_MDIC_OP, E1K_MDIC_OP_READ));
	err = e1k_mdic_wait(adapter, &mdic);
	mutex_unlock(&adapter->phy_lock);
	if (err)
		return err;

	*val = FIELD_GET(E1K_MDIC_DATA, mdic);
	return 0;
}

int e1k_phy_write(struct e1k_adapter *adapter, u32 reg, u16 val)
{
	u32 mdic;
	int err;

	mutex_lock(&adapter->phy_lock);
	e1k_wr32(adapter, E1K_MDIC,
		 FIELD_PREP(E1K_MDIC_DATA, val) |
		 FIELD_PREP(E1K_MDIC_REG, reg) |
		 FIELD_PREP(E1K_MDIC_PHY, E1K_PHY_ADDR) |
		 FIELD_PREP(E1K_MDIC_OP, E1K_MDIC_OP_WRITE));
	err = e1k_mdic_wait(adapter, &mdic);
	mutex_unlock(&adapter->phy_lock);

	return err;
}

int e1k_phy_restart_autoneg(struct e1k_adapter *adapter)
{
	u16 bmcr;
	int err;

	err = e1k_phy_read(adapter, MII_BMCR, &bmcr);
	if (err)
		return err;

	return e1k_phy_write(adapter, MII_BMCR,
			     bmcr | BMCR_ANENABLE | BMCR_ANRESTART);
}

/* ---- Bring-up ---------------------------------------------------------- */

void e1k_hw_write_rctl(struct e1k_adapter *adapter, u32 rctl)
{
	/*
	 * QEMU quirk: every RCTL write, even of an unchanged value, arms a
	 * one-second timer during which the model accepts no frame.  All
	 * RCTL writes go through here so that only real changes reach it.
	 */
	if (rctl == adapter->rctl)
		return;

	adapter->rctl = rctl;
	e1k_wr32(adapter, E1K_RCTL, rctl);
}

void e1k_hw_sync_rctl(struct e1k_adapter *adapter)
{
	adapter->rctl = e1k_rd32(adapter, E1K_RCTL);
}

void e1k_hw_quiesce(struct e1k_adapter *adapter)
{
	e1k_wr32(adapter, E1K_IMC, ~0U);
	e1k_hw_write_rctl(adapter, adapter->rctl & ~E1K_RCTL_EN);
	e1k_wr32(adapter, E1K_TCTL, 0);
	/* Drop every cause raised so far; this also lowers INTx. */
	e1k_rd32(adapter, E1K_ICR);
}

void e1k_hw_set_vlan_mode(struct e1k_adapter *adapter, netdev_features_t features)
{
	u32 ctrl = e1k_rd32(adapter, E1K_CTRL);

	if (features & (NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_CTAG_TX))
		ctrl |= E1K_CTRL_VME;
	else
		ctrl &= ~E1K_CTRL_VME;
	e1k_wr32(adapter, E1K_CTRL, ctrl);
}

void e1k_hw_set_rar(struct e1k_adapter *adapter, unsigned int index, const u8 *addr)
{
	u32 ral, rah;

	/* Invalidate first so the entry never matches half-written. */
	e1k_wr32(adapter, E1K_RAH(index), 0);
	if (!addr)
		return;

	ral = addr[0] | addr[1] << 8 | addr[2] << 16 | (u32)addr[3] << 24;
	rah = FIELD_PREP(E1K_RAH_ADDR, addr[4] | addr[5] << 8) | E1K_RAH_AV;
	e1k_wr32(adapter, E1K_RAL(index), ral);
	e1k_wr32(adapter, E1K_RAH(index), rah);
}

u32 e1k_hw_mta_hash(const u8 *addr)
{
	/* RCTL.MO = 0: bits 47:36 of the destination address. */
	return FIELD_GET(E1K_MTA_HASH, addr[4] >> 4 | (u16)addr[5] << 4);
}

void e1k_hw_write_mta(struct e1k_adapter *adapter, const u32 *mta)
{
	unsigned int i;

	for (i = 0; i < E1K_MTA_WORDS; i++) {
		if (mta[i] == adapter->mta[i])
			continue;
		adapter->mta[i] = mta[i];
		e1k_wr32(adapter, E1K_MTA(i), mta[i]);
	}
}

void e1k_hw_write_vfta(struct e1k_adapter *adapter, u16 vid)
{
	unsigned int word = FIELD_GET(E1K_VFTA_WORD, vid);
	u32 val = bitmap_read(adapter->active_vlans, word * 32, 32);

	e1k_wr32(adapter, E1K_VFTA(word), val);
}

void e1k_hw_write_itr(struct e1k_adapter *adapter, u32 itr)
{
	/* In MSI-X mode the model throttles by EITR and ignores ITR. */
	if (adapter->msix)
		e1k_wr32(adapter, E1K_EITR(E1K_VEC_QUEUE), itr);
	else
		e1k_wr32(adapter, E1K_ITR, itr);
}

/**
 * e1k_hw_set_rx_offloads() - turn the RX checksum and hash engines on or off
 * @adapter: the adapter (E1K_CAP_RX_EXT)
 * @features: the netdev features to follow: NETIF_F_RXCSUM, NETIF_F_RXHASH
 *
 * Off means off in the device, as on the in-tree e1000e, not just a verdict
 * left unread: on QEMU's 82574L model both engines run in software in the
 * loop that also reads the tap, and without RXCSUM.TUOFLD the model stops
 * taking partial checksums from its tap, so the host completes them.  PCSD
 * stays set: the descriptor field holds the hash, or 0, never the IP id.
 * The device applies either register to the frames it receives next.
 */
void e1k_hw_set_rx_offloads(struct e1k_adapter *adapter, netdev_features_t features)
{
	u32 rxcsum = E1K_RXCSUM_PCSD, mrqc = 0;

	if (features & NETIF_F_RXCSUM)
		rxcsum |= E1K_RXCSUM_IPOFLD | E1K_RXCSUM_TUOFLD;
	if (features & NETIF_F_RXHASH)
		mrqc = E1K_MRQC_RSS | E1K_MRQC_HASH_TCPV4 | E1K_MRQC_HASH_IPV4 |
		       E1K_MRQC_HASH_TCPV6 | E1K_MRQC_HASH_IPV6;
	e1k_wr32(adapter, E1K_RXCSUM, rxcsum);
	e1k_wr32(adapter, E1K_MRQC, mrqc);
}

/*
 * Extended descriptors carry the RSS hash, which the model computes only
 * with RSS on (MRQC[1:0] = 01) and the hash, not the IP id, in the
 * descriptor (PCSD).  Every RETA entry names queue 0: RSS here is for the
 * hash, not for spreading.
 */
static void e1k_hw_init_rss(struct e1k_adapter *adapter)
{
	unsigned int i;

	if (!e1k_has(adapter, E1K_CAP_RX_EXT)) {
		e1k_wr32(adapter, E1K_RFCTL, E1K_RFCTL_ACK_DIS);
		e1k_wr32(adapter, E1K_MRQC, 0);
		e1k_wr32(adapter, E1K_RXCSUM, E1K_RXCSUM_IPOFLD | E1K_RXCSUM_TUOFLD);
		return;
	}

	e1k_wr32(adapter, E1K_RFCTL, E1K_RFCTL_ACK_DIS | E1K_RFCTL_EXTEN);
	for (i = 0; i < E1K_RETA_WORDS; i++)
		e1k_wr32(adapter, E1K_RETA(i), 0);
	e1k_hw_write_rss_key(adapter);
	e1k_hw_set_rx_offloads(adapter, adapter->netdev->features);
}

/**
 * e1k_hw_write_rss_key() - program &e1k_adapter.rss_key
 * @adapter: the adapter (E1K_CAP_RX_EXT)
 *
 * The device hashes the frames it receives from then on with the new key.
 */
void e1k_hw_write_rss_key(struct e1k_adapter *adapter)
{
	const u8 *key = adapter->rss_key;
	unsigned int i;

	/* The key's first byte is the low byte of RSSRK(0). */
	for (i = 0; i < E1K_RSS_KEY_LEN; i += 4)
		e1k_wr32(adapter, E1K_RSSRK(i / 4),
			 key[i] | key[i + 1] << 8 | key[i + 2] << 16 | (u32)key[i + 3] << 24);
}

/*
 * MSI-X on the 82574L: RXQ0 and TXQ0 raise the queue vector, OTHER (link
 * changes) its own.  With EIAC set, sending the queue vector clears its
 * causes in ICR; IAME set (with IAM 0) keeps the device from also masking
 * them in IMS, so neither the handler nor NAPI's completion touches a
 * register (e1k_poll() masks them only under load).  OTHER is left out of
 * EIAC: its handler reads ICR, which IAME makes clear every cause.
 * Without MSI-X all of this is off and an ICR read clears every cause.
 */
static void e1k_hw_init_msix(struct e1k_adapter *adapter)
{
	u32 ctrl_ext = e1k_rd32(adapter, E1K_CTRL_EXT) & ~E1K_CTRL_EXT_IAME;
	u32 ivar = 0, eiac = 0;

	if (adapter->msix) {
		ivar = FIELD_PREP(E1K_IVAR_RXQ0, E1K_IVAR_VALID | E1K_VEC_QUEUE) |
		       FIELD_PREP(E1K_IVAR_TXQ0, E1K_IVAR_VALID | E1K_VEC_QUEUE) |
		       FIELD_PREP(E1K_IVAR_OTHER, E1K_IVAR_VALID | E1K_VEC_OTHER);
		eiac = adapter->int_queue;
		ctrl_ext |= E1K_CTRL_EXT_PBA_CLR | E1K_CTRL_EXT_IAME;
		e1k_wr32(adapter, E1K_EITR(E1K_VEC_OTHER), e1k_coalesce_itr(adapter));
	}
	e1k_wr32(adapter, E1K_IVAR, ivar);
	e1k_wr32(adapter, E1K_EIAC, eiac);
	e1k_wr32(adapter, E1K_IAM, 0);
	e1k_wr32(adapter, E1K_CTRL_EXT, ctrl_ext);
}

void e1k_hw_init(struct e1k_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int i;
	u32 ctrl;

	e1k_wr32(adapter, E1K_IMC, ~0U);
	e1k_rd32(adapter, E1K_ICR);

	ctrl = e1k_rd32(adapter, E1K_CTRL);
	ctrl &= ~(E1K_CTRL_RST | E1K_CTRL_PHY_RST);
	ctrl |= E1K_CTRL_SLU;
	e1k_wr32(adapter, E1K_CTRL, ctrl);
	e1k_hw_set_vlan_mode(adapter, netdev->features);
	e1k_wr32(adapter, E1K_VET, ETH_P_8021Q);

	netif_addr_lock_bh(netdev);
	e1k_hw_set_rar(adapter, 0, netdev->dev_addr);
	for (i = 1; i < E1K_RAR_ENTRIES; i++)
		e1k_hw_set_rar(adapter, i, NULL);
	adapter->uc_count = 0;
	for (i = 0; i < E1K_MTA_WORDS; i++) {
		adapter->mta[i] = 0;
		e1k_wr32(adapter, E1K_MTA(i), 0);
	}
	netif_addr_unlock_bh(netdev);

	for (i = 0; i < E1K_VFTA_WORDS; i++)
		e1k_hw_write_vfta(adapter, i * 32);

	/* No packet delay timers: ITR alone moderates interrupts. */
	e1k_hw_write_itr(adapter, e1k_coalesce_itr(adapter));	/* ethtool -C */
	e1k_wr32(adapter, E1K_RDTR, 0);
	e1k_wr32(adapter, E1K_RADV, 0);
	e1k_wr32(adapter, E1K_TIDV, 0);
	e1k_wr32(adapter, E1K_TADV, 0);
	e1k_wr32(adapter, E1K_TIPG, E1K_TIPG_DEFAULT);

	/*
	 * The 82574L keeps whatever a previous driver (e1000e, a kexec'd
	 * kernel) chose, and its CTRL.RST resets none of it: the RX
	 * descriptor format (RFCTL), RSS (MRQC, RETA), MSI-X routing and
	 * auto-clear (IVAR, EIAC, CTRL_EXT), so all of it is written here.
	 * ACK_DIS: otherwise every TCP ACK received raises OTHER, one MSI-X
	 * interrupt per ACK.
	 */
	if (e1k_has(adapter, E1K_CAP_RFCTL)) {
		e1k_hw_init_rss(adapter);
		e1k_hw_init_msix(adapter);
	}
}

bool e1k_hw_link_up(struct e1k_adapter *adapter, u32 *speed, bool *full_duplex)
{
	u32 status = e1k_rd32(adapter, E1K_STATUS);

	if (!e1k_present(adapter) || !(status & E1K_STATUS_LU))
		return false;

	if (speed) {
		switch (FIELD_GET(E1K_STATUS_SPEED, status)) {
		case E1K_STATUS_SPEED_10:
			*speed = SPEED_10;
			break;
		case E1K_STATUS_SPEED_100:
			*speed = SPEED_100;
			break;
		default:
			*speed = SPEED_1000;
			break;
		}
	}
	if (full_duplex)
		*full_duplex = status & E1K_STATUS_FD;
	return true;
}

/* ---- Hardware counters ------------------------------------------------ */

/**
 * enum e1k_stat_kind - how a counter register behaves when read
 * @E1K_STAT_CLEAR: 32 bits, cleared by the read
 * @E1K_STAT_CLEAR64: low/high pair; reading the high half clears both, so
 *		      the low half is read first
 * @E1K_STAT_RUNNING: 32 bits that keep running
 *
 * QEMU quirk: the manual has every counter clear on read, but QEMU's model
 * leaves CRCERRS..MPC, RNBC and the collision counters running.  Adding
 * their raw value at every poll would count the same events again and
 * again, so the difference to the previous raw value is added instead.
 */
enum e1k_stat_kind {
	E1K_STAT_CLEAR,
	E1K_STAT_CLEAR64,
	E1K_STAT_RUNNING,
};

struct e1k_hw_stat_desc {
	char name[ETH_GSTRING_LEN];
	u32 reg;
	enum e1k_stat_kind kind;
};

#define E1K_HW_STAT(_stat, _name, _reg, _kind) \
	[E1K_HW_STAT_##_stat] = { .name = _name, .reg = _reg, .kind = E1K_STAT_##_kind }

static const struct e1k_hw_stat_desc e1k_hw_stat_descs[E1K_HW_STATS_NUM] = {
	E1K_HW_STAT(GPRC, "mac_rx_good_packets", E1K_GPRC, CLEAR),
	E1K_HW_STAT(GORC, "mac_rx_good_bytes", E1K_GORCL, CLEAR64),
	E1K_HW_STAT(TPR, "mac_rx_total_packets", E1K_TPR, CLEAR),
	E1K_HW_STAT(TOR, "mac_rx_total_bytes", E1K_TORL, CLEAR64),
	E1K_HW_STAT(BPRC, "mac_rx_broadcast", E1K_BPRC, CLEAR),
	E1K_HW_STAT(MPRC, "mac_rx_multicast", E1K_MPRC, CLEAR),
	E1K_HW_STAT(PRC64, "mac_rx_size_64", E1K_PRC64, CLEAR),
	E1K_HW_STAT(PRC127, "mac_rx_size_65_127", E1K_PRC127, CLEAR),
	E1K_HW_STAT(PRC255, "mac_rx_size_128_255", E1K_PRC255, CLEAR),
	E1K_HW_STAT(PRC511, "mac_rx_size_256_511", E1K_PRC511, CLEAR),
	E1K_HW_STAT(PRC1023, "mac_rx_size_512_1023", E1K_PRC1023, CLEAR),
	E1K_HW_STAT(PRC1522, "mac_rx_size_1024_1522", E1K_PRC1522, CLEAR),
	E1K_HW_STAT(RUC, "mac_rx_undersize", E1K_RUC, CLEAR),
	E1K_HW_STAT(ROC, "mac_rx_oversize", E1K_ROC, CLEAR),
	E1K_HW_STAT(RNBC, "mac_rx_no_buffer", E1K_RNBC, RUNNING),
	E1K_HW_STAT(MPC, "mac_rx_missed", E1K_MPC, RUNNING),
	E1K_HW_STAT(CRCERRS, "mac_rx_crc_errors", E1K_CRCERRS, RUNNING),
	E1K_HW_STAT(ALGNERRC, "mac_rx_align_errors", E1K_ALGNERRC, RUNNING),
	E1K_HW_STAT(RXERRC, "mac_rx_errors", E1K_RXERRC, RUNNING),
	E1K_HW_STAT(GPTC, "mac_tx_good_packets", E1K_GPTC, CLEAR),
	E1K_HW_STAT(GOTC, "mac_tx_good_bytes", E1K_GOTCL, CLEAR64),
	E1K_HW_STAT(TPT, "mac_tx_total_packets", E1K_TPT, CLEAR),
	E1K_HW_STAT(TOT, "mac_tx_total_bytes", E1K_TOTL, CLEAR64),
	E1K_HW_STAT(BPTC, "mac_tx_broadcast", E1K_BPTC, CLEAR),
	E1K_HW_STAT(MPTC, "mac_tx_multicast", E1K_MPTC, CLEAR),
	E1K_HW_STAT(PTC64, "mac_tx_size_64", E1K_PTC64, CLEAR),
	E1K_HW_STAT(PTC127, "mac_tx_size_65_127", E1K_PTC127, CLEAR),
	E1K_HW_STAT(PTC255, "mac_tx_size_128_255", E1K_PTC255, CLEAR),
	E1K_HW_STAT(PTC511, "mac_tx_size_256_511", E1K_PTC511, CLEAR),
	E1K_HW_STAT(PTC1023, "mac_tx_size_512_1023", E1K_PTC1023, CLEAR),
	E1K_HW_STAT(PTC1522, "mac_tx_size_1024_1522", E1K_PTC1522, CLEAR),
	E1K_HW_STAT(TSCTC, "mac_tx_tso_contexts", E1K_TSCTC, CLEAR),
	E1K_HW_STAT(COLC, "mac_tx_collisions", E1K_COLC, RUNNING),
	E1K_HW_STAT(ECOL, "mac_tx_excess_collisions", E1K_ECOL, RUNNING),
	E1K_HW_STAT(LATECOL, "mac_tx_late_collisions", E1K_LATECOL, RUNNING),
	/* Always 0 on QEMU, and not cleared on read there. */
	E1K_HW_STAT(SCC, "mac_tx_single_collisions", E1K_SCC, RUNNING),
	E1K_HW_STAT(MCC, "mac_tx_multi_collisions", E1K_MCC, RUNNING),
	E1K_HW_STAT(SYMERRS, "mac_rx_symbol_errors", E1K_SYMERRS, RUNNING),
	E1K_HW_STAT(RFC, "mac_rx_fragments", E1K_RFC, RUNNING),
	E1K_HW_STAT(RJC, "mac_rx_jabbers", E1K_RJC, RUNNING),
	E1K_HW_STAT(FCRUC, "mac_rx_unsupported_ctrl", E1K_FCRUC, RUNNING),
	E1K_HW_STAT(XONRXC, "mac_rx_xon", E1K_XONRXC, RUNNING),
	E1K_HW_STAT(XONTXC, "mac_tx_xon", E1K_XONTXC, RUNNING),
	E1K_HW_STAT(XOFFRXC, "mac_rx_xoff", E1K_XOFFRXC, RUNNING),
	E1K_HW_STAT(XOFFTXC, "mac_tx_xoff", E1K_XOFFTXC, RUNNING),
};

const char *e1k_hw_stat_name(unsigned int stat)
{
	return e1k_hw_stat_descs[stat].name;
}

/*
 * Read every counter and fold what it counted since the last call into the
 * totals.  With @accumulate false the reads only clear the counters and set
 * the baseline of the running ones.
 */
static void e1k_hw_stats_collect(struct e1k_adapter *adapter, bool accumulate)
{
	u32 raw[E1K_HW_STATS_NUM];
	u64 delta[E1K_HW_STATS_NUM];
	unsigned int i;

	lockdep_assert_held(&adapter->hw_stats_lock);

	if (!e1k_present(adapter))
		return;

	for (i = 0; i < E1K_HW_STATS_NUM; i++) {
		const struct e1k_hw_stat_desc *desc = &e1k_hw_stat_descs[i];
		u32 lo, hi;

		switch (desc->kind) {
		case E1K_STAT_CLEAR:
			delta[i] = e1k_rd32(adapter, desc->reg);
			break;
		case E1K_STAT_CLEAR64:
			lo = e1k_rd32(adapter, desc->reg);
			hi = e1k_rd32(adapter, desc->reg + 4);
			delta[i] = (u64)hi << 32 | lo;
			break;
		case E1K_STAT_RUNNING:
			raw[i] = e1k_rd32(adapter, desc->reg);
			delta[i] = (u32)(raw[i] - adapter->hw_stats_raw[i]);
			break;
		}
	}

	/* The device vanished while being read: the values are all ones. */
	if (!e1k_present(adapter))
		return;

	for (i = 0; i < E1K_HW_STATS_NUM; i++) {
		if (e1k_hw_stat_descs[i].kind == E1K_STAT_RUNNING)
			adapter->hw_stats_raw[i] = raw[i];
		if (accumulate)
			adapter->hw_stats[i] += delta[i];
	}
}

void e1k_hw_stats_reset(struct e1k_adapter *adapter)
{
	spin_lock_bh(&adapter->hw_stats_lock);
	memset(adapter->hw_stats, 0, sizeof(adapter->hw_stats));
	memset(adapter->hw_stats_raw, 0, sizeof(adapter->hw_stats_raw));
	e1k_hw_stats_collect(adapter, false);
	spin_unlock_bh(&adapter->hw_stats_lock);
}

void e1k_hw_stats_rebase(struct e1k_adapter *adapter)
{
	spin_lock_bh(&adapter->hw_stats_lock);
	e1k_hw_stats_collect(adapter, false);
	spin_unlock_bh(&adapter->hw_stats_lock);
}

void e1k_hw_stats_update(struct e1k_adapter *adapter)
{
	spin_lock_bh(&adapter->hw_stats_lock);
	e1k_hw_stats_collect(adapter, true);
	spin_unlock_bh(&adapter->hw_stats_lock);
}

void e1k_hw_stats_read(struct e1k_adapter *adapter, u64 *stats)
{
	spin_lock_bh(&adapter->hw_stats_lock);
	memcpy(stats, adapter->hw_stats, sizeof(adapter->hw_stats));
	spin_unlock_bh(&adapter->hw_stats_lock);
}
