// SPDX-License-Identifier: GPL-2.0
/*
 * e1k: net_device operations, interface lifecycle, interrupt and NAPI,
 * receive filters, statistics, watchdog and reset.
 */

#include <linux/bitfield.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/rtnetlink.h>

#include "e1k.h"

/* ---- Interrupt and NAPI ------------------------------------------------- */

/* Mask the queue causes and schedule NAPI, whose completion unmasks them. */
static void e1k_napi_schedule_masked(struct e1k_adapter *adapter)
{
	if (napi_schedule_prep(&adapter->napi)) {
		e1k_wr32(adapter, E1K_IMC, adapter->int_queue);
		adapter->queue_masked = true;
		__napi_schedule(&adapter->napi);
	}
}

static irqreturn_t e1k_intr(int irq, void *data)
{
	struct e1k_adapter *adapter = data;
	u32 icr;

	/* The offline self-test's own handler shares the line and needs ICR. */
	if (test_bit(E1K_STATE_TESTING, &adapter->state))
		return IRQ_NONE;

	icr = e1k_rd32(adapter, E1K_ICR);
	/*
	 * QEMU quirk: ICR.INT_ASSERTED is never set, so on this shared line
	 * "not ours" can only be told by the absence of a handled cause.
	 * TXQE, raised on every tail write and kept masked, does not count.
	 */
	if (icr == ~0U || !(icr & E1K_INT_MASK))
		return IRQ_NONE;

	if (test_bit(E1K_STATE_DOWN, &adapter->state))
		return IRQ_HANDLED;

	if (icr & E1K_INT_LSC)
		mod_delayed_work(system_wq, &adapter->watchdog_task, 0);

	e1k_napi_schedule_masked(adapter);
	return IRQ_HANDLED;
}

/*
 * MSI-X queue vector: the device has cleared RXQ0/TXQ0 and left them
 * unmasked (see e1k_poll()).
 */
static irqreturn_t e1k_msix_queue(int irq, void *data)
{
	struct e1k_adapter *adapter = data;

	if (test_bit(E1K_STATE_TESTING, &adapter->state))
		return IRQ_NONE;
	napi_schedule_irqoff(&adapter->napi);
	return IRQ_HANDLED;
}

/* MSI-X vector of the other causes: link changes. */
static irqreturn_t e1k_msix_other(int irq, void *data)
{
	struct e1k_adapter *adapter = data;
	u32 icr;

	if (test_bit(E1K_STATE_TESTING, &adapter->state))
		return IRQ_NONE;

	icr = e1k_rd32(adapter, E1K_ICR);
	if (icr == ~0U)
		return IRQ_NONE;
	/*
	 * With CTRL_EXT.IAME the read cleared every cause; without it (as a
	 * previous driver may have left the device until e1k_hw_init() runs)
	 * it clears nothing, and OTHER stays pending, raising no further
	 * vector, until it is cleared.  A queue cause the read took is not
	 * lost: its vector was sent or is postponed by EITR, and NAPI reads
	 * the rings, not ICR.
	 */
	e1k_wr32(adapter, E1K_ICR, icr & ~adapter->int_queue);

	if (!test_bit(E1K_STATE_DOWN, &adapter->state) && (icr & E1K_INT_LSC))
		mod_delayed_work(system_wq, &adapter->watchdog_task, 0);
	return IRQ_HANDLED;
}

static const struct {
	irq_handler_t handler;
	const char *suffix;
} e1k_msix_vectors[E1K_NUM_VECTORS] = {
	[E1K_VEC_QUEUE] = { e1k_msix_queue, "rxtx-0" },
	[E1K_VEC_OTHER] = { e1k_msix_other, "other" },
};

/*
 * IRQF_SHARED on the MSI-X vectors too: the offline self-test adds its
 * own handler beside ours while it owns the device (E1K_STATE_TESTING).
 */
static int e1k_irq_request(struct e1k_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	int err, v;

	if (!adapter->msix)
		return request_irq(adapter->irq[0], e1k_intr, IRQF_SHARED,
				   netdev->name, adapter);

	for (v = 0; v < E1K_NUM_VECTORS; v++) {
		snprintf(adapter->irq_name[v], sizeof(adapter->irq_name[v]), "%s-%s",
			 netdev->name, e1k_msix_vectors[v].suffix);
		err = request_irq(adapter->irq[v], e1k_msix_vectors[v].handler,
				  IRQF_SHARED, adapter->irq_name[v], adapter);
		if (err)
			goto err_free;
	}
	return 0;

err_free:
	while (v--)
		free_irq(adapter->irq[v], adapter);
	return err;
}

static void e1k_irq_free(struct e1k_adapter *adapter)
{
	int v;

	for (v = 0; v < e1k_num_vectors(adapter); v++)
		free_irq(adapter->irq[v], adapter);
}

static int e1k_poll(struct napi_struct *napi, int budget)
{
	struct e1k_adapter *adapter = container_of(napi, struct e1k_adapter, napi);
	int done = 0, q;
	bool masked;

	for (q = 0; q < E1K_NUM_QUEUES; q++) {
		/* Fault injection (debugfs stall_tx): leave completions unreaped. */
		if (!e1k_faults_on() || !READ_ONCE(adapter->fault.stall_tx))
			e1k_tx_clean(adapter, &adapter->tx_ring[q], budget);
		/* A zero budget (netpoll) allows TX completion of stack packets only. */
		if (budget)
			done += e1k_rx_clean(adapter, &adapter->rx_ring[q], budget - done);
	}

	/*
	 * In MSI-X mode the queue causes stay unmasked while a poll or two
	 * drains a light load: the vector's next interrupt only finds NAPI
	 * scheduled, and no register write re-arms it.  Masking pays off
	 * only under a load that keeps NAPI polling (the budget used up).
	 */
	masked = adapter->queue_masked;
	if (done >= budget) {
		if (!masked) {
			e1k_wr32(adapter, E1K_IMC, adapter->int_queue);
			adapter->queue_masked = true;
		}
		return budget;
	}

	if (napi_complete_done(napi, done) && masked) {
		adapter->queue_masked = false;
		e1k_wr32(adapter, E1K_IMS, adapter->int_queue);
	}
	return done;
}

#ifdef CONFIG_NET_POLL_CONTROLLER
static void e1k_netpoll(struct net_device *netdev)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	int irq = adapter->irq[0];

	/* netpoll may run with interrupts off: disable_irq() could sleep. */
	disable_hardirq(irq);
	if (!adapter->msix)
		e1k_intr(irq, adapter);
	else if (!test_bit(E1K_STATE_DOWN, &adapter->state))
		e1k_napi_schedule_masked(adapter);	/* as the queue vector does */
	enable_irq(irq);
}
#endif

/* ---- Receive filters ---------------------------------------------------- */

static u32 e1k_rctl_wanted(struct e1k_adapter *adapter, bool uc_overflow)
{
	struct net_device *netdev = adapter->netdev;
	netdev_features_t features = netdev->features;
	u32 rctl = E1K_RCTL_BAM | e1k_rx_rctl_bits(netdev, features);

	if (adapter->rx_enabled)
		rctl |= E1K_RCTL_EN;

	if (netdev->flags & IFF_PROMISC || features & NETIF_F_RXALL)
		return rctl | E1K_RCTL_UPE | E1K_RCTL_MPE;

	if (netdev->flags & IFF_ALLMULTI)
		rctl |= E1K_RCTL_MPE;
	if (uc_overflow)
		rctl |= E1K_RCTL_UPE;
	if (features & NETIF_F_HW_VLAN_CTAG_FILTER)
		rctl |= E1K_RCTL_VFE;
	return rctl;
}

/* RAR0 holds the station address; RAR1..15 take secondary unicast addresses. */
static bool e1k_write_uc_filters(struct e1k_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int i = 1, old_count = adapter->uc_count;
	struct netdev_hw_addr *ha;

	if (netdev_uc_count(netdev) <= E1K_RAR_ENTRIES - 1) {
		netdev_for_each_uc_addr(ha, netdev) {
			/* Rewriting an entry briefly invalidates it: skip equal ones. */
			if (i > old_count || !ether_addr_equal(adapter->uc_addr[i], ha->addr)) {
				e1k_hw_set_rar(adapter, i, ha->addr);
				ether_addr_copy(adapter->uc_addr[i], ha->addr);
			}
			i++;
		}
	}
	adapter->uc_count = i - 1;
	for (; i <= old_count; i++)
		e1k_hw_set_rar(adapter, i, NULL);

	return netdev_uc_count(netdev) > E1K_RAR_ENTRIES - 1;
}

static void e1k_write_mc_filters(struct e1k_adapter *adapter)
{
	u32 mta[E1K_MTA_WORDS] = {};
	struct netdev_hw_addr *ha;

	netdev_for_each_mc_addr(ha, adapter->netdev) {
		u32 hash = e1k_hw_mta_hash(ha->addr);

		mta[FIELD_GET(E1K_MTA_HASH_WORD, hash)] |=
			BIT(FIELD_GET(E1K_MTA_HASH_BIT, hash));
	}
	e1k_hw_write_mta(adapter, mta);
}

/* ndo_set_rx_mode; runs under netif_addr_lock. */
static void e1k_set_rx_mode(struct net_device *netdev)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	bool uc_overflow;

	if (!e1k_present(adapter))
		return;

	uc_overflow = e1k_write_uc_filters(adapter);
	e1k_write_mc_filters(adapter);
	e1k_hw_write_rctl(adapter, e1k_rctl_wanted(adapter, uc_overflow));
}

void e1k_rx_mode_update(struct e1k_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;

	netif_addr_lock_bh(netdev);
	e1k_set_rx_mode(netdev);
	netif_addr_unlock_bh(netdev);
}

/* ---- Lifecycle ---------------------------------------------------------- */

/**
 * e1k_rings_alloc() - allocate every ring of a queue set, RX buffers posted
 * @adapter: the adapter
 * @tx: the TX rings, E1K_NUM_QUEUES of them, without resources
 * @rx: the RX rings, likewise
 * @tx_count: descriptors per TX ring
 * @rx_count: descriptors per RX ring
 * @napi: owner of the RX page pools (see e1k_rx_ring_alloc()), or NULL
 *
 * All that can fail in bringing up an interface is done here, while the
 * device still runs on whatever it had.
 * Context: process context, may sleep.
 * Return: 0 or a negative errno, with nothing left allocated.
 */
int e1k_rings_alloc(struct e1k_adapter *adapter, struct e1k_tx_ring *tx,
		    struct e1k_rx_ring *rx, u16 tx_count, u16 rx_count,
		    struct napi_struct *napi)
{
	struct device *dev = &adapter->pdev->dev;
	int err, q;

	for (q = 0; q < E1K_NUM_QUEUES; q++) {
		err = e1k_tx_ring_alloc(&tx[q], dev, tx_count);
		if (err)
			goto err_free;
		err = e1k_rx_ring_alloc(adapter, &rx[q], q, rx_count, napi);
		if (err) {
			e1k_tx_ring_free(&tx[q], dev);
			goto err_free;
		}
	}
	return 0;

err_free:
	while (q--) {
		e1k_rx_ring_free(&rx[q], dev);
		e1k_tx_ring_free(&tx[q], dev);
	}
	return err;
}

/**
 * e1k_rings_free() - free a queue set
 * @adapter: the adapter
 * @tx: the TX rings, empty (e1k_disable() flushed them, or never used)
 * @rx: the RX rings; their posted pages go back to the pool first
 *
 * Touches no stack queue: the set may be one just swapped out while the
 * stack already sends on its successor.
 * Context: the rings are not in use by the device, NAPI or xmit.
 */
void e1k_rings_free(struct e1k_adapter *adapter, struct e1k_tx_ring *tx,
		    struct e1k_rx_ring *rx)
{
	struct device *dev = &adapter->pdev->dev;
	int q;

	for (q = 0; q < E1K_NUM_QUEUES; q++) {
		e1k_rx_ring_free(&rx[q], dev);
		e1k_tx_ring_free(&tx[q], dev);
	}
}

/*
 * The second half of bringing the interface up: nothing here can fail.
 * The rings are allocated and RX buffers posted; the IRQ is requested.
 */
static void e1k_enable(struct e1k_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	int q;

	ASSERT_RTNL();

	e1k_hw_init(adapter);
	for (q = 0; q < E1K_NUM_QUEUES; q++) {
		e1k_tx_ring_configure(adapter, &adapter->tx_ring[q]);
		e1k_rx_ring_configure(adapter, &adapter->rx_ring[q]);
		netif_queue_set_napi(netdev, q, NETDEV_QUEUE_TYPE_RX, &adapter->napi);
		netif_queue_set_napi(netdev, q, NETDEV_QUEUE_TYPE_TX, &adapter->napi);
	}

	WRITE_ONCE(adapter->fault.stall_tx, false);
	adapter->tx_hang_suspect = false;
	clear_bit(E1K_STATE_DOWN, &adapter->state);
	napi_enable(&adapter->napi);

	/* The one RCTL write of the bring-up: it turns RX on. */
	netif_addr_lock_bh(netdev);
	adapter->rx_enabled = true;
	e1k_set_rx_mode(netdev);
	netif_addr_unlock_bh(netdev);

	adapter->queue_masked = false;
	e1k_wr32(adapter, E1K_IMS, adapter->int_queue | adapter->int_other);
	netif_tx_start_all_queues(netdev);
	mod_delayed_work(system_wq, &adapter->watchdog_task, 0);
}

/*
 * Wait until no handler runs and no interrupt of ours is still in flight,
 * so that free_irq() and the next request_irq() find the line idle.
 *
 * synchronize_irq() does the same by spinning on the IO-APIC's remote IRR
 * while the interrupt waits for its CPU.  Under single-threaded TCG that
 * spin, one emulated IO-APIC read after another, starves the other vCPU,
 * the one that would take the interrupt, for seconds: soft lockups, the
 * TX watchdog firing and ethtool -G freezing the guest (seen here on every
 * run of the ring tests).  Here the wait sleeps between looks; a handler
 * that still comes late finds ICR clear and NAPI disabled.
 */
static void e1k_irq_settle_one(unsigned int irq)
{
	int tries = E1K_IRQ_SETTLE_MS;
	bool active;

	synchronize_hardirq(irq);
	while (tries-- > 0 &&
	       !irq_get_irqchip_state(irq, IRQCHIP_STATE_ACTIVE, &active) && active)
		usleep_range(1000, 2000);
	synchronize_hardirq(irq);
}

static void e1k_irq_settle(struct e1k_adapter *adapter)
{
	int v;

	for (v = 0; v < e1k_num_vectors(adapter); v++)
		e1k_irq_settle_one(adapter->irq[v]);
}

/**
 * e1k_disable() - stop the datapath and empty the rings, keeping them
 * @adapter: the adapter
 *
 * The reverse of e1k_enable(), then every packet on the rings dropped and
 * every RX page returned: the rings and the IRQ stay, for e1k_restart(),
 * a swap (e1k_resize_rings()) or e1k_stop().  Does nothing if disabled.
 * Context: RTNL held.
 */
void e1k_disable(struct e1k_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	struct device *dev = &adapter->pdev->dev;
	int q;

	ASSERT_RTNL();

	if (test_and_set_bit(E1K_STATE_DOWN, &adapter->state))
		return;

	/*
	 * The stack's TX watchdog skips a device without carrier: the queue
	 * stopped here must not count as hung however long the rest takes.
	 * The watchdog task stands down on E1K_STATE_DOWN; one that was
	 * already past that check is cancelled below, and carrier goes off
	 * again after it.
	 */
	netif_carrier_off(netdev);
	netif_tx_disable(netdev);
	/* NAPI first: its completion would unmask interrupts again. */
	napi_disable(&adapter->napi);

	netif_addr_lock_bh(netdev);
	adapter->rx_enabled = false;
	e1k_hw_quiesce(adapter);
	netif_addr_unlock_bh(netdev);
	e1k_irq_settle(adapter);

	cancel_delayed_work_sync(&adapter->watchdog_task);
	netif_carrier_off(netdev);

	for (q = 0; q < E1K_NUM_QUEUES; q++) {
		netif_queue_set_napi(netdev, q, NETDEV_QUEUE_TYPE_TX, NULL);
		netif_queue_set_napi(netdev, q, NETDEV_QUEUE_TYPE_RX, NULL);
		e1k_rx_ring_flush(&adapter->rx_ring[q]);
		e1k_tx_ring_flush(&adapter->tx_ring[q], dev, netdev_get_tx_queue(netdev, q));
	}
}

/**
 * e1k_restart() - enable again on the same rings after e1k_disable()
 * @adapter: the adapter
 *
 * For the reset work, the offline self-test and resume.  Posting RX
 * buffers may come up short under memory pressure; the interface then
 * starts with what it got and the watchdog refills the rest, so a restart
 * never fails.
 * Context: RTNL held.
 */
void e1k_restart(struct e1k_adapter *adapter)
{
	int q;

	ASSERT_RTNL();

	for (q = 0; q < E1K_NUM_QUEUES; q++)
		if (e1k_rx_ring_fill(adapter, &adapter->rx_ring[q]))
			netdev_warn(adapter->netdev,
				    "no RX buffer could be posted; the watchdog will retry\n");
	e1k_enable(adapter);
}

/**
 * e1k_resize_rings() - new ring sizes, allocated before the old rings go
 * @adapter: the adapter
 * @tx_count: new TX ring size
 * @rx_count: new RX ring size
 * @extack: where a failure is explained
 *
 * On a running interface the new rings are allocated and filled while
 * traffic still flows on the old ones; only then is the datapath stopped,
 * the rings swapped and the datapath started again.  On failure nothing
 * changes.
 * Context: RTNL held.
 * Return: 0 or a negative errno.
 */
int e1k_resize_rings(struct e1k_adapter *adapter, u16 tx_count, u16 rx_count,
		     struct netlink_ext_ack *extack)
{
	struct e1k_tx_ring *tx;
	struct e1k_rx_ring *rx;
	int err, q;

	ASSERT_RTNL();

	if (test_bit(E1K_STATE_DOWN, &adapter->state)) {
		adapter->tx_ring_count = tx_count;
		adapter->rx_ring_count = rx_count;
		return 0;
	}

	/*
	 * Only the resources of these rings are swapped in; their counters
	 * stay behind and are never read.
	 */
	tx = kcalloc(E1K_NUM_QUEUES, sizeof(*tx), GFP_KERNEL);
	rx = kcalloc(E1K_NUM_QUEUES, sizeof(*rx), GFP_KERNEL);
	if (!tx || !rx) {
		err = -ENOMEM;
		goto out_free;
	}
	for (q = 0; q < E1K_NUM_QUEUES; q++)
		u64_stats_init(&rx[q].stats.syncp);

	/* NAPI runs: the new pools cannot be tied to it (e1k_rx_ring_alloc()). */
	err = e1k_rings_alloc(adapter, tx, rx, tx_count, rx_count, NULL);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "cannot allocate rings of the new size, keeping the old ones");
		goto out_free;
	}

	/*
	 * Nothing can fail past this point.  The old rings are freed while
	 * NAPI is off: their pools may be tied to it.
	 */
	e1k_disable(adapter);
	for (q = 0; q < E1K_NUM_QUEUES; q++) {
		e1k_tx_ring_swap(&adapter->tx_ring[q], &tx[q]);
		e1k_rx_ring_swap(&adapter->rx_ring[q], &rx[q]);
	}
	e1k_rings_free(adapter, tx, rx);
	adapter->tx_ring_count = tx_count;
	adapter->rx_ring_count = rx_count;
	e1k_enable(adapter);

out_free:
	kfree(rx);
	kfree(tx);
	return err;
}

static int e1k_open(struct net_device *netdev)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	int err;

	if (!e1k_present(adapter))
		return -ENODEV;

	/* NAPI is off until e1k_enable(): the pools can be tied to it. */
	err = e1k_rings_alloc(adapter, adapter->tx_ring, adapter->rx_ring,
			      adapter->tx_ring_count, adapter->rx_ring_count, &adapter->napi);
	if (err)
		goto err_log;

	err = e1k_irq_request(adapter);
	if (err)
		goto err_free_rings;

	e1k_enable(adapter);
	return 0;

err_free_rings:
	e1k_rings_free(adapter, adapter->tx_ring, adapter->rx_ring);
err_log:
	netdev_err(netdev, "cannot open the interface (%pe)\n", ERR_PTR(err));
	return err;
}

static int e1k_stop(struct net_device *netdev)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	e1k_disable(adapter);
	e1k_irq_free(adapter);
	e1k_rings_free(adapter, adapter->tx_ring, adapter->rx_ring);
	return 0;
}

/* ---- Watchdog and reset ------------------------------------------------- */

static void e1k_update_link(struct e1k_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	bool full_duplex = false;
	u32 speed = 0;
	bool up;

	up = e1k_hw_link_up(adapter, &speed, &full_duplex);
	if (up == netif_carrier_ok(netdev))
		return;

	if (up) {
		netif_info(adapter, link, netdev, "Link is Up %u Mbps %s Duplex\n",
			   speed, full_duplex ? "Full" : "Half");
		netif_carrier_on(netdev);
	} else {
		netif_info(adapter, link, netdev, "Link is Down\n");
		netif_carrier_off(netdev);
	}
}

/*
 * QEMU's model completes every descriptor inside the TDT write, so TX work
 * still pending with no progress over a whole watchdog period means the
 * completion path is stuck.  Reset well before the stack's 5 s TX timeout,
 * which only fires once the ring has filled and the queue stopped.
 */
static bool e1k_tx_hung(struct e1k_adapter *adapter)
{
	struct e1k_tx_ring *ring = &adapter->tx_ring[0];
	bool pending = READ_ONCE(ring->next_to_use) != READ_ONCE(ring->next_to_clean);
	struct e1k_sw_stats sw;
	bool hung;

	/* A running total, unlike next_to_clean, never comes back to the same value. */
	e1k_sw_stats_read(adapter, &sw);
	hung = pending && adapter->tx_hang_suspect && adapter->tx_hang_done == sw.tx_packets;
	adapter->tx_hang_suspect = pending;
	adapter->tx_hang_done = sw.tx_packets;
	return hung;
}

void e1k_watchdog_task(struct work_struct *work)
{
	struct e1k_adapter *adapter = container_of(to_delayed_work(work),
						   struct e1k_adapter, watchdog_task);

	if (test_bit(E1K_STATE_DOWN, &adapter->state) || !e1k_present(adapter))
		return;

	e1k_update_link(adapter);
	e1k_hw_stats_update(adapter);

	if (e1k_tx_hung(adapter)) {
		struct e1k_tx_ring *ring = &adapter->tx_ring[0];

		netdev_err(adapter->netdev,
			   "TX hang: next_to_use %u next_to_clean %u TDH %u TDT %u, resetting\n",
			   READ_ONCE(ring->next_to_use), READ_ONCE(ring->next_to_clean),
			   e1k_rd32(adapter, E1K_TDH), e1k_rd32(adapter, E1K_TDT));
		if (!test_bit(E1K_STATE_REMOVING, &adapter->state))
			schedule_work(&adapter->reset_task);
		return;
	}
	e1k_coalesce_adapt(adapter);	/* ethtool -C adaptive-rx */

	if (READ_ONCE(adapter->rx_ring[0].starved)) {
		local_bh_disable();
		napi_schedule(&adapter->napi);
		local_bh_enable();
	}

	schedule_delayed_work(&adapter->watchdog_task, E1K_WATCHDOG_PERIOD);
}

void e1k_reset_task(struct work_struct *work)
{
	struct e1k_adapter *adapter = container_of(work, struct e1k_adapter, reset_task);
	struct net_device *netdev = adapter->netdev;

	rtnl_lock();
	if (!netif_running(netdev) || !netif_device_present(netdev) ||
	    test_bit(E1K_STATE_REMOVING, &adapter->state))
		goto out_unlock;

	netdev_info(netdev, "restarting the interface\n");
	e1k_disable(adapter);
	e1k_restart(adapter);
out_unlock:
	rtnl_unlock();
}

static void e1k_tx_timeout(struct net_device *netdev, unsigned int txqueue)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	struct e1k_tx_ring *ring = &adapter->tx_ring[txqueue];

	atomic64_inc(&adapter->tx_timeout_count);
	netdev_err(netdev, "TX timeout: next_to_use %u next_to_clean %u TDH %u TDT %u\n",
		   READ_ONCE(ring->next_to_use), READ_ONCE(ring->next_to_clean),
		   e1k_rd32(adapter, E1K_TDH), e1k_rd32(adapter, E1K_TDT));

	if (!test_bit(E1K_STATE_REMOVING, &adapter->state))
		schedule_work(&adapter->reset_task);
}

/* ---- Configuration ------------------------------------------------------ */

static int e1k_set_mac_address(struct net_device *netdev, void *p)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	struct sockaddr *addr = p;

	if (!is_valid_ether_addr(addr->sa_data))
		return -EADDRNOTAVAIL;

	eth_hw_addr_set(netdev, addr->sa_data);
	e1k_hw_set_rar(adapter, 0, netdev->dev_addr);
	return 0;
}

/*
 * Buffers are 2 KiB whatever the MTU (larger frames span descriptors), so
 * an MTU change only needs RCTL.LPE and the frame-size check updated; the
 * rings stay in place and traffic is not interrupted.
 */
static int e1k_change_mtu(struct net_device *netdev, int new_mtu)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	if (rtnl_dereference(adapter->xdp_prog) && new_mtu > E1K_XDP_MAX_MTU) {
		netdev_warn(netdev, "MTU %d too large while an XDP program is attached (at most %u)\n",
			    new_mtu, E1K_XDP_MAX_MTU);
		return -EINVAL;
	}

	netif_info(adapter, drv, netdev, "changing MTU from %u to %d\n",
		   netdev->mtu, new_mtu);
	WRITE_ONCE(netdev->mtu, new_mtu);
	e1k_rx_mode_update(adapter);
	return 0;
}

static netdev_features_t e1k_fix_features(struct net_device *netdev,
					  netdev_features_t features)
{
	/*
	 * One bit, CTRL.VME, turns on both tag stripping and insertion;
	 * without it the device silently ignores the insert request.  So
	 * insertion is offered only while stripping is on.
	 */
	if (!(features & NETIF_F_HW_VLAN_CTAG_RX))
		features &= ~NETIF_F_HW_VLAN_CTAG_TX;
	return features;
}

static int e1k_set_features(struct net_device *netdev, netdev_features_t features)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	netdev_features_t changed = netdev->features ^ features;

	netdev->features = features;

	if (changed & (NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_CTAG_TX))
		e1k_hw_set_vlan_mode(adapter, features);
	if (changed & (NETIF_F_HW_VLAN_CTAG_FILTER | NETIF_F_RXALL | NETIF_F_RXFCS))
		e1k_rx_mode_update(adapter);
	if ((changed & (NETIF_F_RXCSUM | NETIF_F_RXHASH)) && e1k_has(adapter, E1K_CAP_RX_EXT))
		e1k_hw_set_rx_offloads(adapter, features);

	/* netdev->features is already updated. */
	return 1;
}

static int e1k_vlan_rx_add_vid(struct net_device *netdev, __be16 proto, u16 vid)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	set_bit(vid, adapter->active_vlans);
	e1k_hw_write_vfta(adapter, vid);
	return 0;
}

static int e1k_vlan_rx_kill_vid(struct net_device *netdev, __be16 proto, u16 vid)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);

	clear_bit(vid, adapter->active_vlans);
	e1k_hw_write_vfta(adapter, vid);
	return 0;
}

/* ---- Statistics ------------------------------------------------------- */

/* The software counters of queue pair @q; tx_timeout is the device's, 0 here. */
static void e1k_queue_stats_read(struct e1k_adapter *adapter, int q, struct e1k_sw_stats *s)
{
	const struct e1k_tx_xmit_stats *xs = &adapter->tx_ring[q].xstats;
	const struct e1k_tx_clean_stats *cs = &adapter->tx_ring[q].cstats;
	const struct e1k_rx_stats *rs = &adapter->rx_ring[q].stats;
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&rs->syncp);
		s->rx_packets = rs->packets;
		s->rx_bytes = rs->bytes;
		s->rx_alloc_failed = rs->alloc_failed;
		s->rx_dropped = rs->dropped;
		s->rx_malformed = rs->malformed;
		s->rx_oversize = rs->oversize;
		s->rx_csum_good = rs->csum_good;
		s->rx_csum_bad = rs->csum_bad;
		s->rx_csum_none = rs->csum_none;
		s->rx_xdp = rs->xdp;
	} while (u64_stats_fetch_retry(&rs->syncp, start));

	do {
		start = u64_stats_fetch_begin(&xs->syncp);
		s->tx_dropped = xs->dropped;
		s->tx_busy = xs->busy;
		s->tx_stop = xs->stop;
		s->tx_csum = xs->csum;
		s->tx_tso_packets = xs->tso_packets;
		s->tx_tso_bytes = xs->tso_bytes;
		s->tx_tso_segs = xs->tso_segs;
		s->tx_xdp_xmit = xs->xdp_xmit;
		s->tx_xdp_xmit_errors = xs->xdp_xmit_errors;
	} while (u64_stats_fetch_retry(&xs->syncp, start));

	do {
		start = u64_stats_fetch_begin(&cs->syncp);
		s->tx_packets = cs->packets;
		s->tx_bytes = cs->bytes;
		s->tx_restart_queue = cs->restart_queue;
	} while (u64_stats_fetch_retry(&cs->syncp, start));

	s->tx_timeout = 0;
}

/**
 * e1k_sw_stats_read() - snapshot the software counters, all queues summed
 * @adapter: the adapter
 * @s: the snapshot
 */
void e1k_sw_stats_read(struct e1k_adapter *adapter, struct e1k_sw_stats *s)
{
	struct e1k_sw_stats q_stats;
	unsigned int i;
	int q;

	/* Every field is a u64 running total: queues add up field by field. */
	static_assert(sizeof(*s) % sizeof(u64) == 0);

	e1k_queue_stats_read(adapter, 0, s);
	for (q = 1; q < E1K_NUM_QUEUES; q++) {
		e1k_queue_stats_read(adapter, q, &q_stats);
		for (i = 0; i < sizeof(*s) / sizeof(u64); i++)
			((u64 *)s)[i] += ((u64 *)&q_stats)[i];
	}
	s->tx_timeout = atomic64_read(&adapter->tx_timeout_count);
}

static void e1k_get_stats64(struct net_device *netdev, struct rtnl_link_stats64 *stats)
{
	struct e1k_adapter *adapter = netdev_priv(netdev);
	u64 hw[E1K_HW_STATS_NUM];
	struct e1k_sw_stats sw;

	e1k_sw_stats_read(adapter, &sw);
	e1k_hw_stats_read(adapter, hw);

	stats->rx_packets = sw.rx_packets;
	stats->rx_bytes = sw.rx_bytes;
	stats->tx_packets = sw.tx_packets;
	stats->tx_bytes = sw.tx_bytes;
	stats->tx_dropped = sw.tx_dropped;
	stats->rx_dropped = sw.rx_dropped;
	stats->multicast = hw[E1K_HW_STAT_MPRC];
	stats->collisions = hw[E1K_HW_STAT_COLC];

	stats->rx_length_errors = sw.rx_oversize + hw[E1K_HW_STAT_RUC] + hw[E1K_HW_STAT_ROC];
	stats->rx_crc_errors = hw[E1K_HW_STAT_CRCERRS];
	stats->rx_frame_errors = hw[E1K_HW_STAT_ALGNERRC];
	stats->rx_missed_errors = hw[E1K_HW_STAT_MPC];
	stats->rx_errors = sw.rx_malformed + stats->rx_length_errors +
			   stats->rx_crc_errors + stats->rx_frame_errors +
			   hw[E1K_HW_STAT_RXERRC];

	stats->tx_aborted_errors = hw[E1K_HW_STAT_ECOL];
	stats->tx_window_errors = hw[E1K_HW_STAT_LATECOL];
	stats->tx_errors = stats->tx_aborted_errors + stats->tx_window_errors;
}

static void e1k_get_queue_stats_rx(struct net_device *netdev, int idx,
				   struct netdev_queue_stats_rx *rx)
{
	struct e1k_sw_stats sw;

	e1k_queue_stats_read(netdev_priv(netdev), idx, &sw);
	rx->packets = sw.rx_packets;
	rx->bytes = sw.rx_bytes;
	rx->alloc_fail = sw.rx_alloc_failed;
	rx->csum_unnecessary = sw.rx_csum_good;
	rx->csum_bad = sw.rx_csum_bad;
	rx->csum_none = sw.rx_csum_none;
}

static void e1k_get_queue_stats_tx(struct net_device *netdev, int idx,
				   struct netdev_queue_stats_tx *tx)
{
	struct e1k_sw_stats sw;

	e1k_queue_stats_read(netdev_priv(netdev), idx, &sw);
	tx->packets = sw.tx_packets;
	tx->bytes = sw.tx_bytes;
	tx->needs_csum = sw.tx_csum;
	tx->hw_gso_packets = sw.tx_tso_packets;
	tx->hw_gso_wire_packets = sw.tx_tso_segs;
	tx->hw_gso_wire_bytes = sw.tx_tso_bytes;
	tx->stop = sw.tx_stop;
	tx->wake = sw.tx_restart_queue;
}

/*
 * The per-queue counters live in the ring structs, which last as long as
 * the adapter: closing, resizing or resetting the rings never loses a
 * count, so the queue counters alone are the device totals and the base
 * is zero.  A future change that frees ring structs must fold their
 * counters in here.
 */
static void e1k_get_base_stats(struct net_device *netdev,
			       struct netdev_queue_stats_rx *rx,
			       struct netdev_queue_stats_tx *tx)
{
	rx->packets = 0;
	rx->bytes = 0;
	rx->alloc_fail = 0;
	rx->csum_unnecessary = 0;
	rx->csum_bad = 0;
	rx->csum_none = 0;

	tx->packets = 0;
	tx->bytes = 0;
	tx->needs_csum = 0;
	tx->hw_gso_packets = 0;
	tx->hw_gso_wire_packets = 0;
	tx->hw_gso_wire_bytes = 0;
	tx->stop = 0;
	tx->wake = 0;
}

static const struct netdev_stat_ops e1k_stat_ops = {
	.get_queue_stats_rx	= e1k_get_queue_stats_rx,
	.get_queue_stats_tx	= e1k_get_queue_stats_tx,
	.get_base_stats		= e1k_get_base_stats,
};

/* ---- Registration ------------------------------------------------------- */

static const struct net_device_ops e1k_netdev_ops = {
	.ndo_open		= e1k_open,
	.ndo_stop		= e1k_stop,
	.ndo_start_xmit		= e1k_xmit_frame,
	.ndo_features_check	= e1k_features_check,
	.ndo_get_stats64	= e1k_get_stats64,
	.ndo_set_rx_mode	= e1k_set_rx_mode,
	.ndo_set_mac_address	= e1k_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_tx_timeout		= e1k_tx_timeout,
	.ndo_change_mtu		= e1k_change_mtu,
	.ndo_fix_features	= e1k_fix_features,
	.ndo_set_features	= e1k_set_features,
	.ndo_vlan_rx_add_vid	= e1k_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= e1k_vlan_rx_kill_vid,
	.ndo_bpf		= e1k_bpf,
	.ndo_xdp_xmit		= e1k_xdp_xmit,
#ifdef CONFIG_NET_POLL_CONTROLLER
	.ndo_poll_controller	= e1k_netpoll,
#endif
};

void e1k_netdev_setup(struct e1k_adapter *adapter, bool highdma)
{
	struct net_device *netdev = adapter->netdev;
	netdev_features_t offloads = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO;
	netdev_features_t vlan = NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_CTAG_TX |
				 NETIF_F_HW_VLAN_CTAG_FILTER;
	netdev_features_t rx = NETIF_F_RXALL | NETIF_F_RXFCS;

	/*
	 * A device that finds the headers itself cannot put a checksum at
	 * an arbitrary offset (HW_CSUM), but it segments TCP over IPv6 too.
	 */
	if (e1k_has(adapter, E1K_CAP_PARSED_OFFLOADS))
		offloads = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			   NETIF_F_TSO | NETIF_F_TSO6;
	if (e1k_has(adapter, E1K_CAP_RX_CSUM))
		rx |= NETIF_F_RXCSUM;
	if (e1k_has(adapter, E1K_CAP_RX_EXT)) {
		rx |= NETIF_F_RXHASH;
		netdev_rss_key_fill(adapter->rss_key, sizeof(adapter->rss_key));
	}
	if (e1k_has(adapter, E1K_CAP_FCS_OWN_DESC))
		rx &= ~NETIF_F_RXFCS;

	netdev->netdev_ops = &e1k_netdev_ops;
	e1k_set_stat_ops(netdev, &e1k_stat_ops);
	e1k_set_ethtool_ops(netdev);
	netdev->watchdog_timeo = 5 * HZ;

	netdev->hw_features = offloads | vlan | rx;
	netdev->features = offloads | vlan | (rx & (NETIF_F_RXCSUM | NETIF_F_RXHASH));
	netdev->vlan_features = offloads;
	if (highdma) {
		netdev->features |= NETIF_F_HIGHDMA;
		netdev->vlan_features |= NETIF_F_HIGHDMA;
	}

	netdev->priv_flags |= IFF_UNICAST_FLT | IFF_LIVE_ADDR_CHANGE;
	xdp_set_features_flag(netdev, NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
			      NETDEV_XDP_ACT_NDO_XMIT);
	netdev->min_mtu = E1K_MIN_MTU;
	netdev->max_mtu = E1K_MAX_MTU;

	netif_napi_add(netdev, &adapter->napi, e1k_poll);
	netif_napi_set_irq(&adapter->napi, adapter->irq[E1K_VEC_QUEUE]);
}
