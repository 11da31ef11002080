// SPDX-License-Identifier: GPL-2.0
/*
 * e1k: debugfs fault-injection knobs, one directory per device,
 * /sys/kernel/debug/e1k/<pci name>/.  QEMU's model is well behaved, so
 * these make the driver see what a broken or hostile device would do:
 *
 *   stall_tx      1: NAPI stops reclaiming TX descriptors, as if the device
 *                 stopped completing them; the watchdog's hang check must
 *                 reset the interface, which clears the knob
 *   rx_len_zero   N: the next N completed RX descriptors read length 0
 *   rx_len_over   N: ... a length above the buffer size
 *   rx_no_eop     N: ... a full buffer without end-of-packet (N > 8 is a
 *                 chain longer than the largest frame)
 *   rx_err        N: ... the RX data error bit
 *   tx_map_fail   N: the next N TX DMA mappings fail (stack and XDP)
 *   tx_early_dd   N: the next N TX packets read done before the doorbell
 *   rx_fill_fail  N: the next N RX ring fills post no buffer: an open or
 *                 ring resize fails at its end; a reset or resume starts
 *                 with an empty RX ring that the watchdog refills
 *   mmio_gone     1: every register read returns all ones, as after a
 *                 surprise removal; only unbinding the driver undoes it
 *
 * Reading a counting knob gives the shots still pending.
 */

#include <linux/debugfs.h>
#include <linux/delay.h>

#include "e1k.h"

static struct dentry *e1k_dbg_root;

DEFINE_STATIC_KEY_FALSE(e1k_faults_armed);

/* Before a knob takes its value: the datapath checks no knob until then. */
static void e1k_dbg_arm(void)
{
	static_branch_enable(&e1k_faults_armed);
}

static int e1k_dbg_stall_tx_get(void *data, u64 *val)
{
	struct e1k_adapter *adapter = data;

	*val = READ_ONCE(adapter->fault.stall_tx);
	return 0;
}

static int e1k_dbg_stall_tx_set(void *data, u64 val)
{
	struct e1k_adapter *adapter = data;

	e1k_dbg_arm();
	WRITE_ONCE(adapter->fault.stall_tx, !!val);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(e1k_dbg_stall_tx_fops, e1k_dbg_stall_tx_get,
			 e1k_dbg_stall_tx_set, "%llu\n");

static int e1k_dbg_shots_get(void *data, u64 *val)
{
	*val = atomic_read(data);
	return 0;
}

static int e1k_dbg_shots_set(void *data, u64 val)
{
	if (val > INT_MAX)
		return -EINVAL;
	e1k_dbg_arm();
	atomic_set(data, val);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(e1k_dbg_shots_fops, e1k_dbg_shots_get,
			 e1k_dbg_shots_set, "%llu\n");

static int e1k_dbg_mmio_gone_get(void *data, u64 *val)
{
	struct e1k_adapter *adapter = data;

	*val = READ_ONCE(adapter->fault.mmio_gone);
	return 0;
}

/*
 * One way only: a device that is gone stays gone until the driver unbinds.
 * QEMU's device is still there, so it is first made as quiet as a removed
 * one: no interrupt (a level-triggered line nobody clears would storm) and
 * no DMA into buffers the driver is about to free.
 */
static int e1k_dbg_mmio_gone_set(void *data, u64 val)
{
	struct e1k_adapter *adapter = data;

	if (!val)
		return -EINVAL;
	e1k_dbg_arm();
	e1k_wr32(adapter, E1K_IMC, ~0U);
	pci_clear_master(adapter->pdev);
	WRITE_ONCE(adapter->fault.mmio_gone, true);
	/*
	 * A NAPI poll that was running may have unmasked again after our
	 * IMC (its IMS write raced it; once gone is set, the next ICR read
	 * stops all register writes).  Mask once more past that poll,
	 * around the driver: the line stormed into "nobody cared" on the
	 * debug kernel otherwise.
	 */
	msleep(100);
	writel(~0U, adapter->io_base + E1K_IMC);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(e1k_dbg_mmio_gone_fops, e1k_dbg_mmio_gone_get,
			 e1k_dbg_mmio_gone_set, "%llu\n");

void e1k_debugfs_init(void)
{
	e1k_dbg_root = debugfs_create_dir(E1K_DRV_NAME, NULL);
}

void e1k_debugfs_exit(void)
{
	debugfs_remove_recursive(e1k_dbg_root);
	e1k_dbg_root = NULL;
}

void e1k_debugfs_adapter_init(struct e1k_adapter *adapter)
{
	static const struct {
		const char *name;
		size_t offset;
	} shots[] = {
		{ "rx_len_zero", offsetof(struct e1k_fault, rx_len_zero) },
		{ "rx_len_over", offsetof(struct e1k_fault, rx_len_over) },
		{ "rx_no_eop", offsetof(struct e1k_fault, rx_no_eop) },
		{ "rx_err", offsetof(struct e1k_fault, rx_err) },
		{ "tx_map_fail", offsetof(struct e1k_fault, tx_map_fail) },
		{ "tx_early_dd", offsetof(struct e1k_fault, tx_early_dd) },
		{ "rx_fill_fail", offsetof(struct e1k_fault, rx_fill_fail) },
		{ "rx_alloc_fail", offsetof(struct e1k_fault, rx_alloc_fail) },
		{ "rx_skb_fail", offsetof(struct e1k_fault, rx_skb_fail) },
	};
	struct dentry *dir;
	unsigned int i;

	dir = debugfs_create_dir(pci_name(adapter->pdev), e1k_dbg_root);
	adapter->dbg_dir = dir;
	debugfs_create_file_unsafe("stall_tx", 0600, dir, adapter, &e1k_dbg_stall_tx_fops);
	debugfs_create_file_unsafe("mmio_gone", 0600, dir, adapter, &e1k_dbg_mmio_gone_fops);
	for (i = 0; i < ARRAY_SIZE(shots); i++)
		debugfs_create_file_unsafe(shots[i].name, 0600, dir,
					   (u8 *)&adapter->fault + shots[i].offset,
					   &e1k_dbg_shots_fops);
}

void e1k_debugfs_adapter_exit(struct e1k_adapter *adapter)
{
	debugfs_remove_recursive(adapter->dbg_dir);
	adapter->dbg_dir = NULL;
}
