// SPDX-License-Identifier: GPL-2.0
/*
 * e1k: ethtool self-test (ethtool -t).
 *
 * Offline: register, EEPROM, interrupt, PHY loopback and link tests, with
 * the datapath stopped (e1k_disable()) and restarted on the same rings
 * afterwards (e1k_restart()), which reprograms every register the tests
 * touch.  Nothing is freed, so nothing can fail to come back.
 * Online: EEPROM and link tests only; traffic is not disturbed.
 */

#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/mii.h>
#include <linux/rtnetlink.h>

#include "e1k.h"

static const char e1k_test_names[E1K_TEST_NUM][ETH_GSTRING_LEN] = {
	[E1K_TEST_REG]		= "Register test  (offline)",
	[E1K_TEST_EEPROM]	= "Eeprom test    (offline)",
	[E1K_TEST_INTR]		= "Interrupt test (offline)",
	[E1K_TEST_LOOPBACK]	= "Loopback test  (offline)",
	[E1K_TEST_LINK]		= "Link test   (on/offline)",
};

const char *e1k_selftest_name(unsigned int test)
{
	return e1k_test_names[test];
}

/* ---- Register test -------------------------------------------------------- */

/**
 * struct e1k_reg_test - one register (or a row of them) to pattern-test
 * @reg: offset of the first register
 * @count: number of registers
 * @stride: distance between them in bytes
 * @mask: bits the model stores
 */
struct e1k_reg_test {
	u32 reg;
	u16 count;
	u16 stride;
	u32 mask;
};

/*
 * Only registers QEMU's model really stores.  FCAL/FCAH/FCT/FCTTV, TXCW,
 * TIPG, RXDCTL, TIDV and RXCSUM are not implemented there and read 0, so
 * the in-tree e1000 test fails on them.  TDT is left out because a write
 * runs the TX engine, RDT because it flushes queued frames, CTRL because
 * of its self-clearing bits, RAR0 because it is the station address.
 * ITR, RDTR, RADV and TADV keep their low 16 bits (with mitigation on, the
 * default of every current machine type).
 */
static const struct e1k_reg_test e1k_reg_tests[] = {
	{ E1K_VET,	1,  4, 0x0000FFFF },
	{ E1K_ITR,	1,  4, 0x0000FFFF },
	{ E1K_RDTR,	1,  4, 0x0000FFFF },
	{ E1K_RADV,	1,  4, 0x0000FFFF },
	{ E1K_TADV,	1,  4, 0x0000FFFF },
	{ E1K_RDBAL,	1,  4, 0xFFFFFFF0 },
	{ E1K_RDBAH,	1,  4, 0xFFFFFFFF },
	{ E1K_RDLEN,	1,  4, 0x000FFF80 },
	{ E1K_RDH,	1,  4, 0x0000FFFF },
	{ E1K_TDBAL,	1,  4, 0xFFFFFFF0 },
	{ E1K_TDBAH,	1,  4, 0xFFFFFFFF },
	{ E1K_TDLEN,	1,  4, 0x000FFF80 },
	{ E1K_TDH,	1,  4, 0x0000FFFF },
	{ E1K_LEDCTL,	1,  4, 0xFFFFFFFF },
	{ E1K_RAL(1),	E1K_RAR_ENTRIES - 1, 8, 0xFFFFFFFF },
	{ E1K_RAH(1),	E1K_RAR_ENTRIES - 1, 8, 0x8000FFFF },
	{ E1K_MTA(0),	E1K_MTA_WORDS, 4, 0xFFFFFFFF },
	{ E1K_VFTA(0),	E1K_VFTA_WORDS, 4, 0xFFFFFFFF },
};

static const u32 e1k_reg_patterns[] = { 0x5A5A5A5A, 0xA5A5A5A5, 0x00000000, 0xFFFFFFFF };

static bool e1k_reg_pattern_ok(struct e1k_adapter *adapter, u32 reg, u32 mask)
{
	u32 saved = e1k_rd32(adapter, reg), val;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(e1k_reg_patterns); i++) {
		e1k_wr32(adapter, reg, e1k_reg_patterns[i] & mask);
		val = e1k_rd32(adapter, reg) & mask;
		if (val != (e1k_reg_patterns[i] & mask)) {
			netdev_err(adapter->netdev,
				   "register test: reg 0x%05x wrote 0x%08x read 0x%08x\n",
				   reg, e1k_reg_patterns[i] & mask, val);
			e1k_wr32(adapter, reg, saved);
			return false;
		}
	}
	e1k_wr32(adapter, reg, saved);
	return true;
}

/* Return: 0, or 1 + index of the first failing entry of e1k_reg_tests. */
static u64 e1k_reg_test(struct e1k_adapter *adapter)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(e1k_reg_tests); i++) {
		const struct e1k_reg_test *t = &e1k_reg_tests[i];

		for (j = 0; j < t->count; j++)
			if (!e1k_reg_pattern_ok(adapter, t->reg + j * t->stride, t->mask))
				return i + 1;
	}
	return 0;
}

/* ---- EEPROM test ---------------------------------------------------------- */

/* Return: 0, 1 on a read error, 2 on a bad checksum. */
static u64 e1k_eeprom_test(struct e1k_adapter *adapter)
{
	u16 word, sum = 0;
	unsigned int i;

	for (i = 0; i < E1K_EEPROM_WORDS; i++) {
		if (e1k_eeprom_read(adapter, i, &word))
			return 1;
		sum += word;
	}
	if (sum != E1K_EEPROM_CHECKSUM) {
		netdev_err(adapter->netdev, "EEPROM test: checksum 0x%04x, expected 0x%04x\n",
			   sum, E1K_EEPROM_CHECKSUM);
		return 2;
	}
	return 0;
}

/* ---- Interrupt test ------------------------------------------------------- */

/**
 * struct e1k_intr_test - state shared with the temporary interrupt handlers
 * @adapter: the adapter
 * @seen: causes the handlers read from ICR (written in hard IRQ, read with
 *	  READ_ONCE() by the test)
 * @vectors: bitmap of the vectors that fired, by index (likewise)
 */
struct e1k_intr_test {
	struct e1k_adapter *adapter;
	u32 seen;
	u32 vectors;
};

static irqreturn_t e1k_intr_test_isr(int irq, void *data)
{
	struct e1k_intr_test *t = data;
	struct e1k_adapter *adapter = t->adapter;
	u32 icr = e1k_rd32(adapter, E1K_ICR);
	int v = adapter->msix && irq == adapter->irq[E1K_VEC_OTHER];

	if (!icr || icr == ~0U)
		return IRQ_NONE;
	/* INTx and MSI: the read cleared every cause.  MSI-X: clear them. */
	if (adapter->msix)
		e1k_wr32(adapter, E1K_ICR, icr);
	WRITE_ONCE(t->seen, t->seen | icr);
	WRITE_ONCE(t->vectors, t->vectors | BIT(v));
	return IRQ_HANDLED;
}

/**
 * struct e1k_intr_cause - one cause the test forces through ICS
 * @cause: the ICR bit
 * @mask: the IMS bit that lets it raise an interrupt
 * @vector: the vector it must raise
 */
struct e1k_intr_cause {
	u32 cause;
	u32 mask;
	int vector;
};

/* INTx and MSI: every cause is its own mask bit, on the one vector. */
static const struct e1k_intr_cause e1k_intr_causes[] = {
	{ E1K_INT_TXDW, E1K_INT_TXDW }, { E1K_INT_TXQE, E1K_INT_TXQE },
	{ E1K_INT_LSC, E1K_INT_LSC }, { E1K_INT_RXSEQ, E1K_INT_RXSEQ },
	{ E1K_INT_RXDMT0, E1K_INT_RXDMT0 }, { E1K_INT_RXO, E1K_INT_RXO },
	{ E1K_INT_RXT0, E1K_INT_RXT0 }, { E1K_INT_MDAC, E1K_INT_MDAC },
};

/*
 * In MSI-X mode only the causes routed by IVAR raise a vector; link and
 * the rest go through OTHER, which only IMS.OTHER gates.
 */
static const struct e1k_intr_cause e1k_intr_causes_msix[] = {
	{ E1K_INT_RXQ0, E1K_INT_RXQ0, E1K_VEC_QUEUE },
	{ E1K_INT_TXQ0, E1K_INT_TXQ0, E1K_VEC_QUEUE },
	{ E1K_INT_LSC, E1K_INT_OTHER, E1K_VEC_OTHER },
};

/* Wait up to ~20 ms for the handler to report @cause on @vector. */
static bool e1k_intr_test_wait(struct e1k_intr_test *t, u32 cause, int vector)
{
	unsigned int i;

	for (i = 0; i < 20; i++) {
		if (READ_ONCE(t->seen) & cause)
			break;
		usleep_range(1000, 2000);
	}
	return (READ_ONCE(t->seen) & cause) && READ_ONCE(t->vectors) == BIT(vector);
}

static void e1k_intr_test_free(struct e1k_adapter *adapter, int nvec, struct e1k_intr_test *t)
{
	while (nvec--)
		free_irq(adapter->irq[nvec], t);
}

/*
 * Return: 0; 1 if an IRQ cannot be requested; 2 + 3 * i + n when cause
 * i failed step n: a masked cause fired (0), an unmasked cause did not
 * fire, or not on its vector (1), or a masked cause fired while another
 * was unmasked (2).
 */
static u64 e1k_intr_test(struct e1k_adapter *adapter)
{
	const struct e1k_intr_cause *causes = e1k_intr_causes;
	unsigned int i, n = ARRAY_SIZE(e1k_intr_causes);
	struct e1k_intr_test t = { .adapter = adapter };
	int nvec = 0;
	u64 ret = 0;

	if (adapter->msix) {
		causes = e1k_intr_causes_msix;
		n = ARRAY_SIZE(e1k_intr_causes_msix);
		/* No auto-clear: the handlers must find the cause in ICR. */
		e1k_wr32(adapter, E1K_EIAC, 0);
	}
	e1k_wr32(adapter, E1K_IMC, ~0U);
	e1k_rd32(adapter, E1K_ICR);
	for (nvec = 0; nvec < e1k_num_vectors(adapter); nvec++) {
		if (request_irq(adapter->irq[nvec], e1k_intr_test_isr,
				IRQF_SHARED, adapter->netdev->name, &t)) {
			ret = 1;
			goto out;
		}
	}

	for (i = 0; i < n; i++) {
		const struct e1k_intr_cause *c = &causes[i];

		/* The 82574L cannot raise RXSEQ at all: nothing to test. */
		if (c->cause & adapter->caps->int_unmaskable)
			continue;

		/* Masked: the cause is latched in ICR but raises nothing. */
		WRITE_ONCE(t.seen, 0);
		WRITE_ONCE(t.vectors, 0);
		e1k_wr32(adapter, E1K_ICS, c->cause);
		usleep_range(5000, 6000);
		if (READ_ONCE(t.seen) & c->cause) {
			ret = 2 + 3 * i;
			break;
		}
		/* With IMS all clear, a read clears ICR in every mode. */
		e1k_rd32(adapter, E1K_ICR);

		/* Unmasked: it must fire, on its vector. */
		e1k_wr32(adapter, E1K_IMS, c->mask);
		e1k_wr32(adapter, E1K_ICS, c->cause);
		if (!e1k_intr_test_wait(&t, c->cause, c->vector)) {
			ret = 2 + 3 * i + 1;
			break;
		}
		e1k_wr32(adapter, E1K_IMC, c->mask);
		/*
		 * QEMU 7.2 sends an MSI-X vector once more when its throttle
		 * window closes if anything tried to raise it meanwhile,
		 * whether or not a cause is still pending: let the window
		 * close first.
		 */
		if (adapter->msix)
			msleep(E1K_ITR_WINDOW_MAX_MS);

		/*
		 * Another cause unmasked, this one forced: the handler sees it
		 * only if the model raised an interrupt for it.  A pending
		 * mitigation window (>= 128 us) can delay but not suppress a
		 * legitimate interrupt, so the wait is generous.
		 */
		c = &causes[(i + 1) % n];
		WRITE_ONCE(t.seen, 0);
		WRITE_ONCE(t.vectors, 0);
		e1k_wr32(adapter, E1K_IMS, c->mask);
		e1k_wr32(adapter, E1K_ICS, causes[i].cause);
		usleep_range(5000, 6000);
		e1k_wr32(adapter, E1K_IMC, ~0U);
		if (READ_ONCE(t.seen) & causes[i].cause) {
			ret = 2 + 3 * i + 2;
			break;
		}
		e1k_rd32(adapter, E1K_ICR);
	}

out:
	e1k_wr32(adapter, E1K_IMC, ~0U);
	e1k_rd32(adapter, E1K_ICR);
	e1k_intr_test_free(adapter, nvec, &t);
	if (ret)
		netdev_err(adapter->netdev,
			   "interrupt test failed: %llu (%s, ICR seen %#x, vectors %#x)\n",
			   ret, adapter->msix ? "MSI-X" : "INTx/MSI", READ_ONCE(t.seen),
			   READ_ONCE(t.vectors));
	return ret;
}

/* ---- PHY loopback test ------------------------------------------------------ */

#define E1K_LB_RING		128	/* descriptors, both rings */
#define E1K_LB_FRAMES		64
#define E1K_LB_FRAME_LEN	512
#define E1K_LB_RX_BUF		1024	/* RCTL.BSIZE 1 without BSEX */
#define E1K_LB_ETHERTYPE	0x88B5	/* IEEE local experimental */

/**
 * struct e1k_lb - DMA memory of the loopback test, one coherent block
 * @tx: TX descriptor ring
 * @rx: RX descriptor ring
 * @tx_buf: E1K_LB_FRAMES frames of E1K_LB_FRAME_LEN bytes
 * @rx_buf: E1K_LB_RING buffers of E1K_LB_RX_BUF bytes
 */
struct e1k_lb {
	struct e1k_tx_desc tx[E1K_LB_RING];
	struct e1k_rx_desc rx[E1K_LB_RING];
	u8 tx_buf[E1K_LB_FRAMES][E1K_LB_FRAME_LEN];
	u8 rx_buf[E1K_LB_RING][E1K_LB_RX_BUF];
};

static u8 e1k_lb_byte(unsigned int frame, unsigned int i)
{
	return (i ^ frame * 7) & 0xff;
}

static void e1k_lb_build(struct e1k_adapter *adapter, u8 *buf, unsigned int frame)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	unsigned int i;

	ether_addr_copy(eth->h_dest, adapter->netdev->dev_addr);
	ether_addr_copy(eth->h_source, adapter->netdev->dev_addr);
	eth->h_proto = htons(E1K_LB_ETHERTYPE);
	buf[ETH_HLEN] = frame;
	for (i = ETH_HLEN + 1; i < E1K_LB_FRAME_LEN; i++)
		buf[i] = e1k_lb_byte(frame, i);
}

/* Return: the frame number carried by a good test frame, or -1. */
static int e1k_lb_check(struct e1k_adapter *adapter, const u8 *buf, unsigned int len)
{
	const struct ethhdr *eth = (const struct ethhdr *)buf;
	unsigned int i, frame;

	if (len != E1K_LB_FRAME_LEN || eth->h_proto != htons(E1K_LB_ETHERTYPE) ||
	    !ether_addr_equal(eth->h_source, adapter->netdev->dev_addr))
		return -1;
	frame = buf[ETH_HLEN];
	if (frame >= E1K_LB_FRAMES)
		return -1;
	for (i = ETH_HLEN + 1; i < E1K_LB_FRAME_LEN; i++)
		if (buf[i] != e1k_lb_byte(frame, i))
			return -1;
	return frame;
}

/* Count the distinct good test frames completed in the RX ring. */
static unsigned int e1k_lb_count(struct e1k_adapter *adapter, struct e1k_lb *lb)
{
	bool ext = e1k_has(adapter, E1K_CAP_RX_EXT);
	DECLARE_BITMAP(got, E1K_LB_FRAMES) = {};
	unsigned int i;

	for (i = 0; i < E1K_LB_RING - 1; i++) {
		u64 meta = e1k_rx_meta(ext, le64_to_cpu(READ_ONCE(lb->rx[i].meta)));
		int frame;

		if (!(FIELD_GET(E1K_RXD_STATUS, meta) & E1K_RXD_STAT_DD))
			break;
		dma_rmb();
		meta = e1k_rx_meta(ext, le64_to_cpu(READ_ONCE(lb->rx[i].meta)));
		frame = e1k_lb_check(adapter, lb->rx_buf[i], FIELD_GET(E1K_RXD_LEN, meta));
		if (frame >= 0)
			set_bit(frame, got);
	}
	return bitmap_weight(got, E1K_LB_FRAMES);
}

/*
 * QEMU quirks that shape this test:
 * - PHY loopback (BMCR bit 14) is modelled: a transmitted frame goes
 *   through the device's own RX path synchronously inside the TDT write.
 *   MAC loopback (RCTL.LBM) is ignored, so it is not used.
 * - A looped frame that RX cannot take at that moment is dropped, not
 *   queued, and every RCTL write closes RX for one second.  So RCTL is
 *   written once and the test waits past that window before sending.
 * The frames are addressed to our own MAC, which RAR0 matches; broadcast
 * is off so that frames from the wire do not fill the ring meanwhile.
 *
 * Return: 0; 1 on allocation or PHY access failure; 2 if TX descriptors
 * were not completed; 3 if not every frame came back intact.
 */
static u64 e1k_loopback_test(struct e1k_adapter *adapter)
{
	struct device *dev = &adapter->pdev->dev;
	struct net_device *netdev = adapter->netdev;
	unsigned int i, got = 0;
	u32 saved_rctl, rctl;
	struct e1k_lb *lb;
	dma_addr_t dma;
	u16 bmcr;
	u64 ret = 0;

	lb = dma_alloc_coherent(dev, sizeof(*lb), &dma, GFP_KERNEL);
	if (!lb)
		return 1;

	if (e1k_phy_read(adapter, MII_BMCR, &bmcr) ||
	    e1k_phy_write(adapter, MII_BMCR, BMCR_LOOPBACK | BMCR_SPEED1000 | BMCR_FULLDPLX)) {
		ret = 1;
		goto err_free;
	}

	for (i = 0; i < E1K_LB_RING; i++)
		lb->rx[i].addr = cpu_to_le64(dma + offsetof(struct e1k_lb, rx_buf[i]));
	e1k_wr32(adapter, E1K_RDBAL, lower_32_bits(dma + offsetof(struct e1k_lb, rx)));
	e1k_wr32(adapter, E1K_RDBAH, upper_32_bits(dma + offsetof(struct e1k_lb, rx)));
	e1k_wr32(adapter, E1K_RDLEN, sizeof(lb->rx));
	e1k_wr32(adapter, E1K_RDH, 0);
	e1k_wr32(adapter, E1K_RDT, E1K_LB_RING - 1);

	e1k_wr32(adapter, E1K_TDBAL, lower_32_bits(dma + offsetof(struct e1k_lb, tx)));
	e1k_wr32(adapter, E1K_TDBAH, upper_32_bits(dma + offsetof(struct e1k_lb, tx)));
	e1k_wr32(adapter, E1K_TDLEN, sizeof(lb->tx));
	e1k_wr32(adapter, E1K_TDH, 0);
	e1k_wr32(adapter, E1K_TDT, 0);

	rctl = E1K_RCTL_EN | E1K_RCTL_SECRC | FIELD_PREP(E1K_RCTL_BSIZE, 1);
	netif_addr_lock_bh(netdev);
	saved_rctl = adapter->rctl;
	e1k_hw_write_rctl(adapter, rctl);
	netif_addr_unlock_bh(netdev);
	/* The model's RCTL window is 1 s of virtual time; leave some margin. */
	msleep(1200);

	for (i = 0; i < E1K_LB_FRAMES; i++) {
		e1k_lb_build(adapter, lb->tx_buf[i], i);
		lb->tx[i].addr = cpu_to_le64(dma + offsetof(struct e1k_lb, tx_buf[i]));
		lb->tx[i].cmd_len = cpu_to_le32(FIELD_PREP(E1K_TXD_LEN, E1K_LB_FRAME_LEN) |
						FIELD_PREP(E1K_TXD_DTYP, E1K_TXD_DTYP_DATA) |
						E1K_TXD_CMD_EOP | E1K_TXD_CMD_IFCS |
						E1K_TXD_CMD_RS | E1K_TXD_CMD_DEXT);
		lb->tx[i].status = 0;
	}
	dma_wmb();
	e1k_wr32(adapter, E1K_TCTL, E1K_TCTL_EN | E1K_TCTL_PSP);
	e1k_wr32(adapter, E1K_TDT, E1K_LB_FRAMES);

	/* TX and the loop into RX are synchronous in QEMU; real parts are not. */
	for (i = 0; i < 100; i++) {
		got = e1k_lb_count(adapter, lb);
		if (got == E1K_LB_FRAMES)
			break;
		usleep_range(1000, 2000);
	}

	for (i = 0; i < E1K_LB_FRAMES; i++)
		if (!(le32_to_cpu(READ_ONCE(lb->tx[i].status)) & E1K_TXD_STA_DD))
			break;
	if (i < E1K_LB_FRAMES)
		ret = 2;
	else if (got != E1K_LB_FRAMES)
		ret = 3;
	if (ret)
		netdev_err(netdev, "loopback test: %u of %d frames back, TX done %u\n",
			   got, E1K_LB_FRAMES, i);

	/* Stop both engines before the memory goes away. */
	e1k_wr32(adapter, E1K_TCTL, 0);
	netif_addr_lock_bh(netdev);
	e1k_hw_write_rctl(adapter, saved_rctl);
	netif_addr_unlock_bh(netdev);
	e1k_wr32(adapter, E1K_TDH, 0);
	e1k_wr32(adapter, E1K_TDT, 0);
	e1k_wr32(adapter, E1K_RDH, 0);
	e1k_wr32(adapter, E1K_RDT, 0);
	e1k_wr32(adapter, E1K_IMC, ~0U);
	e1k_rd32(adapter, E1K_ICR);
	if (e1k_phy_write(adapter, MII_BMCR, bmcr & ~(BMCR_RESET | BMCR_ANRESTART)) && !ret)
		ret = 1;
err_free:
	dma_free_coherent(dev, sizeof(*lb), lb, dma);
	return ret;
}

/* ---- Link test ------------------------------------------------------------ */

/* Return: 0 if STATUS.LU is set (waiting out a running autonegotiation), 1 if not. */
static u64 e1k_link_test(struct e1k_adapter *adapter)
{
	unsigned int i;

	/* Autonegotiation takes 500 ms on QEMU. */
	for (i = 0; i < 20; i++) {
		if (e1k_hw_link_up(adapter, NULL, NULL))
			return 0;
		msleep(100);
	}
	return 1;
}

/* ---- Entry point -------------------------------------------------------------- */

void e1k_selftest(struct net_device *netdev, struct ethtool_test *eth_test, u64 *data)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	bool running = netif_running(netdev);
	unsigned int i;

	ASSERT_RTNL();
	memset(data, 0, E1K_TEST_NUM * sizeof(*data));

	if (!e1k_present(adapter)) {
		for (i = 0; i < E1K_TEST_NUM; i++)
			data[i] = 1;
		eth_test->flags |= ETH_TEST_FL_FAILED;
		return;
	}

	if (!(eth_test->flags & ETH_TEST_FL_OFFLINE)) {
		data[E1K_TEST_EEPROM] = e1k_eeprom_test(adapter);
		data[E1K_TEST_LINK] = e1k_link_test(adapter);
		goto out;
	}

	netif_info(adapter, hw, netdev, "offline self-test starting\n");
	if (running)
		e1k_disable(adapter);
	set_bit(E1K_STATE_TESTING, &adapter->state);

	data[E1K_TEST_REG] = e1k_reg_test(adapter);
	data[E1K_TEST_EEPROM] = e1k_eeprom_test(adapter);
	data[E1K_TEST_INTR] = e1k_intr_test(adapter);
	data[E1K_TEST_LOOPBACK] = e1k_loopback_test(adapter);
	data[E1K_TEST_LINK] = e1k_link_test(adapter);

	clear_bit(E1K_STATE_TESTING, &adapter->state);
	if (running)
		e1k_restart(adapter);
	netif_info(adapter, hw, netdev, "offline self-test done\n");

out:
	for (i = 0; i < E1K_TEST_NUM; i++)
		if (data[i])
			eth_test->flags |= ETH_TEST_FL_FAILED;
}
