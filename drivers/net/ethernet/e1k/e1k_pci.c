// SPDX-License-Identifier: GPL-2.0
/*
 * e1k: PCI driver glue: id table, probe/remove, power management, shutdown.
 */

#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/mii.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>

#include "e1k.h"

#define E1K_MSG_DEFAULT		(NETIF_MSG_DRV | NETIF_MSG_PROBE | NETIF_MSG_LINK)

/*
 * driver_data indexes e1k_caps[]: new_id accepts only a driver_data some
 * entry below has (a pointer could not be written there), and new_id
 * without one, or driver_override, probes with 0, QEMU's default e1000.
 */
enum e1k_model {
	E1K_82540EM,
	E1K_82545EM,
	E1K_82544GC,
	E1K_82574L,
};

#define E1K_8254X_EERD	.eerd_done = E1K_EERD_DONE, .eerd_addr = E1K_EERD_ADDR

static const struct e1k_caps e1k_caps[] = {
	[E1K_82540EM] = { .name = "82540EM", .phy_id = E1K_PHY_ID_M88E1011_I, E1K_8254X_EERD },
	[E1K_82545EM] = { .name = "82545EM", .phy_id = E1K_PHY_ID_M88E1011_I, E1K_8254X_EERD },
	[E1K_82544GC] = { .name = "82544GC", .phy_id = E1K_PHY_ID_M88E1000_I, E1K_8254X_EERD },
	[E1K_82574L] = {
		.name = "82574L", .phy_id = E1K_PHY_ID_BM,
		.eerd_done = E1K_EERD_82574_DONE, .eerd_addr = E1K_EERD_82574_ADDR,
		.int_unmaskable = E1K_INT_RXSEQ,
		.flags = E1K_CAP_PARSED_OFFLOADS | E1K_CAP_RX_CSUM | E1K_CAP_FCS_OWN_DESC |
			 E1K_CAP_RFCTL | E1K_CAP_MSIX | E1K_CAP_RX_EXT,
	},
};

/*
 * Only QEMU's models, told apart by their subsystem: 1af4:1100 (Red
 * Hat/QEMU) on the three 8254x, 8086:0000 on the 82574L (an id no real
 * card carries).  e1k relies on QEMU's behaviour (its TX context cache, no
 * MAC reset), so real cards and other hypervisors' NICs, which carry their
 * own subsystem ids, are left to the in-tree e1000 and e1000e.  README.md:
 * binding another one deliberately through new_id.
 */
static const struct pci_device_id e1k_pci_tbl[] = {
	{ PCI_DEVICE_SUB(PCI_VENDOR_ID_INTEL, 0x100c,
			 PCI_SUBVENDOR_ID_REDHAT_QUMRANET, PCI_SUBDEVICE_ID_QEMU),
	  .driver_data = E1K_82544GC },
	{ PCI_DEVICE_SUB(PCI_VENDOR_ID_INTEL, 0x100e,
			 PCI_SUBVENDOR_ID_REDHAT_QUMRANET, PCI_SUBDEVICE_ID_QEMU),
	  .driver_data = E1K_82540EM },
	{ PCI_DEVICE_SUB(PCI_VENDOR_ID_INTEL, 0x100f,
			 PCI_SUBVENDOR_ID_REDHAT_QUMRANET, PCI_SUBDEVICE_ID_QEMU),
	  .driver_data = E1K_82545EM },
	{ PCI_DEVICE_SUB(PCI_VENDOR_ID_INTEL, 0x10d3, PCI_VENDOR_ID_INTEL, 0),
	  .driver_data = E1K_82574L },
	{ }
};
MODULE_DEVICE_TABLE(pci, e1k_pci_tbl);

static void e1k_init_mac_addr(struct e1k_adapter *adapter)
{
	struct device *dev = &adapter->pdev->dev;
	u8 addr[ETH_ALEN];
	int err;

	err = e1k_hw_read_mac_addr(adapter, addr);
	switch (err) {
	case 0:
		eth_hw_addr_set(adapter->netdev, addr);
		return;
	case -EIO:
		dev_err(dev, "EEPROM checksum is bad (words 0-63 must sum to 0x%04x), using a random MAC address\n",
			E1K_EEPROM_CHECKSUM);
		break;
	case -EADDRNOTAVAIL:
		dev_err(dev, "EEPROM MAC address %pM is not a valid unicast address, using a random MAC address\n",
			addr);
		break;
	default:
		dev_err(dev, "cannot read the EEPROM (%pe), using a random MAC address\n",
			ERR_PTR(err));
		break;
	}
	eth_hw_addr_random(adapter->netdev);
}

static void e1k_check_phy(struct e1k_adapter *adapter)
{
	struct device *dev = &adapter->pdev->dev;
	u16 id1, id2;
	u32 phy_id;

	if (e1k_phy_read(adapter, MII_PHYSID1, &id1) ||
	    e1k_phy_read(adapter, MII_PHYSID2, &id2)) {
		dev_warn(dev, "cannot read the PHY id\n");
		return;
	}

	phy_id = (u32)id1 << 16 | id2;
	if ((phy_id & E1K_PHY_ID_MASK) != adapter->caps->phy_id)
		dev_warn(dev, "PHY id %08x, expected %08x for an %s\n",
			 phy_id, adapter->caps->phy_id, adapter->caps->name);
}

/*
 * MSI-X with a vector for the queue pair and one for link changes where
 * the device has it (the 82574L), else MSI, else INTx (QEMU's 8254x have
 * neither MSI nor MSI-X).  Sets the causes each vector serves.
 */
static int e1k_alloc_vectors(struct e1k_adapter *adapter)
{
	struct pci_dev *pdev = adapter->pdev;
	int err, v;

	if (e1k_has(adapter, E1K_CAP_MSIX) &&
	    pci_alloc_irq_vectors(pdev, E1K_NUM_VECTORS, E1K_NUM_VECTORS, PCI_IRQ_MSIX) > 0) {
		adapter->msix = true;
		adapter->int_queue = E1K_INT_RXQ0 | E1K_INT_TXQ0;
		adapter->int_other = E1K_INT_OTHER | E1K_INT_LSC;
	} else {
		err = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_INTX);
		if (err < 0)
			return err;
		adapter->msix = false;
		adapter->int_queue = E1K_INT_MASK;
		adapter->int_other = 0;
	}

	/* pci_irq_vector() takes a mutex: netpoll and handlers use the copy. */
	for (v = 0; v < e1k_num_vectors(adapter); v++)
		adapter->irq[v] = pci_irq_vector(pdev, v);
	return 0;
}

/*
 * QEMU 7.2 aborts (an assertion in its throttling timer) when MSI-X is
 * switched off while a vector's throttle window, up to 65535 x 256 ns,
 * is still open.  Interrupts are masked by now; let the window close.
 */
static void e1k_free_vectors(struct e1k_adapter *adapter)
{
	if (adapter->msix)
		msleep(E1K_ITR_WINDOW_MAX_MS);
	pci_free_irq_vectors(adapter->pdev);
}

static void e1k_adapter_init(struct e1k_adapter *adapter, struct pci_dev *pdev,
			     const struct pci_device_id *id)
{
	int q;

	adapter->pdev = pdev;
	adapter->caps = &e1k_caps[id->driver_data];
	adapter->msg_enable = E1K_MSG_DEFAULT;
	adapter->tx_ring_count = E1K_TX_RING_DEFAULT;
	adapter->rx_ring_count = E1K_RX_RING_DEFAULT;
	set_bit(E1K_STATE_DOWN, &adapter->state);

	mutex_init(&adapter->phy_lock);
	spin_lock_init(&adapter->hw_stats_lock);
	e1k_coalesce_init(&adapter->coal);
	for (q = 0; q < E1K_NUM_QUEUES; q++) {
		u64_stats_init(&adapter->tx_ring[q].xstats.syncp);
		u64_stats_init(&adapter->tx_ring[q].cstats.syncp);
		u64_stats_init(&adapter->rx_ring[q].stats.syncp);
	}
	atomic64_set(&adapter->tx_timeout_count, 0);
	INIT_DELAYED_WORK(&adapter->watchdog_task, e1k_watchdog_task);
	INIT_WORK(&adapter->reset_task, e1k_reset_task);
}

static int e1k_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct e1k_adapter *adapter;
	struct net_device *netdev;
	bool highdma = true;
	int err;

	err = pci_enable_device_mem(pdev);
	if (err)
		return err;

	/* Conventional PCI, but the device takes full 64-bit addresses. */
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err) {
		highdma = false;
		err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
		if (err) {
			dev_err(&pdev->dev, "no usable DMA configuration\n");
			goto err_disable_device;
		}
	}

	err = pci_request_mem_regions(pdev, E1K_DRV_NAME);
	if (err)
		goto err_disable_device;

	netdev = alloc_etherdev_mqs(sizeof(*adapter), E1K_NUM_QUEUES, E1K_NUM_QUEUES);
	if (!netdev) {
		err = -ENOMEM;
		goto err_release_regions;
	}
	SET_NETDEV_DEV(netdev, &pdev->dev);
	adapter = netdev_priv(netdev);
	adapter->netdev = netdev;
	e1k_adapter_init(adapter, pdev, id);
	pci_set_drvdata(pdev, adapter);

	adapter->io_base = pci_iomap(pdev, 0, 0);
	if (!adapter->io_base) {
		err = -EIO;
		goto err_free_netdev;
	}
	adapter->hw_addr = adapter->io_base;

	/*
	 * Whatever ran before (a kexec'd kernel, a driver that lost the
	 * device mid-flight) may have left RX and TX on, with rings in memory
	 * that is no longer theirs.  Only once they are off may the device
	 * master the bus again: QEMU hands it the frames it queued meanwhile
	 * as soon as bus mastering is back, into whatever the old ring said.
	 */
	e1k_hw_sync_rctl(adapter);
	e1k_hw_quiesce(adapter);
	if (!e1k_present(adapter)) {
		err = -ENODEV;
		goto err_iounmap;
	}
	pci_set_master(pdev);

	err = e1k_alloc_vectors(adapter);
	if (err)
		goto err_iounmap;

	e1k_init_mac_addr(adapter);
	e1k_check_phy(adapter);
	err = e1k_phy_restart_autoneg(adapter);
	if (err)
		dev_warn(&pdev->dev, "cannot restart autonegotiation (%pe)\n", ERR_PTR(err));
	e1k_hw_stats_reset(adapter);

	e1k_netdev_setup(adapter, highdma);
	netif_carrier_off(netdev);

	err = register_netdev(netdev);
	if (err)
		goto err_napi_del;

	e1k_debugfs_adapter_init(adapter);
	netif_info(adapter, probe, netdev, "Intel %s, MAC %pM, %d-bit DMA, %s\n",
		   adapter->caps->name, netdev->dev_addr, highdma ? 64 : 32,
		   adapter->msix ? "MSI-X" : pdev->msi_enabled ? "MSI" : "INTx");
	return 0;

err_napi_del:
	netif_napi_del(&adapter->napi);
	e1k_free_vectors(adapter);
err_iounmap:
	pci_iounmap(pdev, adapter->io_base);
err_free_netdev:
	free_netdev(netdev);
err_release_regions:
	pci_release_mem_regions(pdev);
err_disable_device:
	pci_disable_device(pdev);
	return err;
}

static void e1k_remove(struct pci_dev *pdev)
{
	struct e1k_adapter *adapter = pci_get_drvdata(pdev);
	struct net_device *netdev = adapter->netdev;

	e1k_debugfs_adapter_exit(adapter);
	set_bit(E1K_STATE_REMOVING, &adapter->state);

	/*
	 * Until the netdev is closed the watchdog and ndo_tx_timeout may
	 * still queue a reset (their REMOVING check races with us), so the
	 * work is cancelled only once neither can run; a reset that starts
	 * in between sees REMOVING and does nothing.
	 */
	unregister_netdev(netdev);
	cancel_delayed_work_sync(&adapter->watchdog_task);
	cancel_work_sync(&adapter->reset_task);

	netif_napi_del(&adapter->napi);
	e1k_free_vectors(adapter);
	pci_iounmap(pdev, adapter->io_base);
	free_netdev(netdev);
	pci_release_mem_regions(pdev);
	pci_disable_device(pdev);
}

/*
 * Detach and stop; the stack sees the device as absent until it is back.
 * The rings and the IRQ stay: resume needs nothing that could fail.
 */
static void e1k_detach(struct e1k_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;

	rtnl_lock();
	netif_device_detach(netdev);
	if (netif_running(netdev))
		e1k_disable(adapter);
	rtnl_unlock();
}

static void e1k_shutdown(struct pci_dev *pdev)
{
	e1k_detach(pci_get_drvdata(pdev));
	pci_disable_device(pdev);
}

static int e1k_suspend(struct device *dev)
{
	e1k_detach(dev_get_drvdata(dev));
	return 0;
}

static int e1k_resume(struct device *dev)
{
	struct e1k_adapter *adapter = dev_get_drvdata(dev);
	struct net_device *netdev = adapter->netdev;

	rtnl_lock();
	/*
	 * A power transition may have reset the device behind the shadow,
	 * and restarted the running counters.
	 */
	e1k_hw_sync_rctl(adapter);
	e1k_hw_stats_rebase(adapter);
	if (netif_running(netdev))
		e1k_restart(adapter);
	netif_device_attach(netdev);
	rtnl_unlock();

	return 0;
}

static DEFINE_SIMPLE_DEV_PM_OPS(e1k_pm_ops, e1k_suspend, e1k_resume);

static struct pci_driver e1k_driver = {
	.name		= E1K_DRV_NAME,
	.id_table	= e1k_pci_tbl,
	.probe		= e1k_probe,
	.remove		= e1k_remove,
	.shutdown	= e1k_shutdown,
	.driver.pm	= pm_sleep_ptr(&e1k_pm_ops),
};

static int __init e1k_init_module(void)
{
	int err;

	e1k_debugfs_init();
	err = pci_register_driver(&e1k_driver);
	if (err)
		e1k_debugfs_exit();
	return err;
}
module_init(e1k_init_module);

static void __exit e1k_exit_module(void)
{
	pci_unregister_driver(&e1k_driver);
	e1k_debugfs_exit();
}
module_exit(e1k_exit_module);

MODULE_DESCRIPTION("Intel 8254x (QEMU e1000) Ethernet driver");
MODULE_LICENSE("GPL");
MODULE_VERSION(E1K_DRV_VERSION);
