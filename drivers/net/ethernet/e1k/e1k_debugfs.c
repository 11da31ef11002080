// SPDX-License-Identifier: GPL-2.0
/*
 * e1k: debugfs fault-injection knobs, one directory per device:
 *
 *   /sys/kernel/debug/e1k/<pci name>/stall_tx
 *
 * Writing 1 to stall_tx makes NAPI stop reclaiming TX descriptors, as if
 * the device had stopped completing them (QEMU's model never does, so a
 * hang has to be faked); the watchdog's hang check must then reset the
 * interface, which clears the knob.
 */

#include <linux/debugfs.h>

#include "e1k.h"

static struct dentry *e1k_dbg_root;

static int e1k_dbg_stall_tx_get(void *data, u64 *val)
{
	struct e1k_adapter *adapter = data;

	*val = test_bit(E1K_STATE_TX_STALL, &adapter->state);
	return 0;
}

static int e1k_dbg_stall_tx_set(void *data, u64 val)
{
	struct e1k_adapter *adapter = data;

	if (val)
		set_bit(E1K_STATE_TX_STALL, &adapter->state);
	else
		clear_bit(E1K_STATE_TX_STALL, &adapter->state);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(e1k_dbg_stall_tx_fops, e1k_dbg_stall_tx_get,
			 e1k_dbg_stall_tx_set, "%llu\n");

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
	adapter->dbg_dir = debugfs_create_dir(pci_name(adapter->pdev), e1k_dbg_root);
	debugfs_create_file_unsafe("stall_tx", 0600, adapter->dbg_dir, adapter,
				   &e1k_dbg_stall_tx_fops);
}

void e1k_debugfs_adapter_exit(struct e1k_adapter *adapter)
{
	debugfs_remove_recursive(adapter->dbg_dir);
	adapter->dbg_dir = NULL;
}
