/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel 8254x (82540EM, 82544GC, 82545EM) register and descriptor layout,
 * limited to what the e1k driver programs.  Every multi-bit field is a mask
 * meant for FIELD_PREP()/FIELD_GET(); C files carry no shifts of their own.
 */
#ifndef _E1K_REGS_H_
#define _E1K_REGS_H_

#include <linux/bits.h>
#include <linux/types.h>

/* ---- Device control and status ---------------------------------------- */
#define E1K_CTRL			0x00000
#define   E1K_CTRL_FD			BIT(0)
#define   E1K_CTRL_ASDE			BIT(5)
#define   E1K_CTRL_SLU			BIT(6)
#define   E1K_CTRL_RST			BIT(26)
#define   E1K_CTRL_VME			BIT(30)
#define   E1K_CTRL_PHY_RST		BIT(31)

#define E1K_STATUS			0x00008
#define   E1K_STATUS_FD			BIT(0)
#define   E1K_STATUS_LU			BIT(1)
#define   E1K_STATUS_SPEED		GENMASK(7, 6)
#define     E1K_STATUS_SPEED_10		0
#define     E1K_STATUS_SPEED_100	1
/* Both remaining encodings (2 and 3) mean 1000 Mb/s. */

#define E1K_CTRL_EXT			0x00018	/* 82574L use only */
#define   E1K_CTRL_EXT_IAME		BIT(27)	/* ICR read auto-masks IAM */
#define   E1K_CTRL_EXT_PBA_CLR		BIT(31)	/* IMS write clears MSI-X PBA */

/* ---- EEPROM ------------------------------------------------------------ */
#define E1K_EECD			0x00010
#define E1K_EERD			0x00014
#define   E1K_EERD_START		BIT(0)
#define   E1K_EERD_DONE			BIT(4)
#define   E1K_EERD_ADDR			GENMASK(15, 8)
#define   E1K_EERD_DATA			GENMASK(31, 16)
/* The 82574L moved DONE and the word address down (START and DATA stay). */
#define   E1K_EERD_82574_DONE		BIT(1)
#define   E1K_EERD_82574_ADDR		GENMASK(15, 2)

#define E1K_EEPROM_WORDS		64
#define E1K_EEPROM_MAC_WORD		0	/* words 0..2, low byte first */
#define E1K_EEPROM_CHECKSUM		0xBABA	/* sum of words 0..63 */

/* ---- PHY access through the MAC (MDI control) -------------------------- */
#define E1K_MDIC			0x00020
#define   E1K_MDIC_DATA			GENMASK(15, 0)
#define   E1K_MDIC_REG			GENMASK(20, 16)
#define   E1K_MDIC_PHY			GENMASK(25, 21)
#define   E1K_MDIC_OP			GENMASK(27, 26)
#define     E1K_MDIC_OP_WRITE		1
#define     E1K_MDIC_OP_READ		2
#define   E1K_MDIC_READY		BIT(28)
#define   E1K_MDIC_INT_EN		BIT(29)
#define   E1K_MDIC_ERROR		BIT(30)

/* The only PHY address the internal PHY answers on. */
#define E1K_PHY_ADDR			1
/* PHY identifiers (PHYID1 << 16 | PHYID2) with the revision nibble masked. */
#define E1K_PHY_ID_MASK			0xFFFFFFF0
#define E1K_PHY_ID_M88E1000_I		0x01410C30	/* 82544 internal PHY */
#define E1K_PHY_ID_M88E1011_I		0x01410C20	/* 82540, 82545 */
#define E1K_PHY_ID_BM			0x01410CB0	/* 82574L */

#define E1K_VET				0x00038	/* VLAN ethertype */

#define E1K_LEDCTL			0x00E00
#define   E1K_LEDCTL_LED0_MODE		GENMASK(3, 0)
#define     E1K_LEDCTL_MODE_LED_ON	0xE
#define     E1K_LEDCTL_MODE_LED_OFF	0xF
#define   E1K_LEDCTL_LED0_BLINK		BIT(7)
#define E1K_PBA				0x01000	/* packet buffer allocation */

/* ---- Interrupts -------------------------------------------------------- */
#define E1K_ICR				0x000C0	/* cause, read to clear */
#define E1K_ITR				0x000C4	/* throttle, 256 ns units */
#define   E1K_ITR_INTERVAL		GENMASK(15, 0)
#define E1K_ICS				0x000C8	/* cause set */
#define E1K_IMS				0x000D0	/* mask set */
#define E1K_IMC				0x000D8	/* mask clear */
#define E1K_EIAC			0x000DC	/* 82574L: MSI-X auto-clear */
#define E1K_IAM				0x000E0	/* 82574L: ICR read auto-mask */
/* 82574L: which MSI-X vector each cause raises, 4 bits per cause */
#define E1K_IVAR			0x000E4
#define   E1K_IVAR_RXQ0			GENMASK(3, 0)
#define   E1K_IVAR_TXQ0			GENMASK(11, 8)
#define   E1K_IVAR_OTHER		GENMASK(19, 16)
#define   E1K_IVAR_VALID		BIT(3)	/* within each field */
#define E1K_EITR(n)			(0x000E8 + 4 * (n))	/* 82574L: per vector */
#define   E1K_INT_TXDW			BIT(0)	/* TX descriptor written back */
#define   E1K_INT_TXQE			BIT(1)	/* TX queue empty */
#define   E1K_INT_LSC			BIT(2)	/* link status change */
#define   E1K_INT_RXSEQ			BIT(3)
#define   E1K_INT_RXDMT0		BIT(4)	/* RX descriptors below threshold */
#define   E1K_INT_RXO			BIT(6)	/* RX overrun */
#define   E1K_INT_RXT0			BIT(7)	/* RX timer (frame received) */
#define   E1K_INT_MDAC			BIT(9)
#define   E1K_INT_RXQ0			BIT(20)	/* 82574L, MSI-X only */
#define   E1K_INT_TXQ0			BIT(22)	/* 82574L, MSI-X only */
#define   E1K_INT_OTHER			BIT(24)	/* 82574L: LSC, RXO, ... (MSI-X) */
#define   E1K_INT_ASSERTED		BIT(31)

/* ---- Receive control ------------------------------------------------- */
#define E1K_RCTL			0x00100
#define   E1K_RCTL_EN			BIT(1)
#define   E1K_RCTL_SBP			BIT(2)	/* store bad packets */
#define   E1K_RCTL_UPE			BIT(3)	/* unicast promiscuous */
#define   E1K_RCTL_MPE			BIT(4)	/* multicast promiscuous */
#define   E1K_RCTL_LPE			BIT(5)	/* long packets (jumbo) */
#define   E1K_RCTL_LBM			GENMASK(7, 6)
#define   E1K_RCTL_RDMTS		GENMASK(9, 8)
#define     E1K_RCTL_RDMTS_HALF		0
#define   E1K_RCTL_MO			GENMASK(13, 12)	/* multicast offset */
#define   E1K_RCTL_BAM			BIT(15)	/* accept broadcast */
#define   E1K_RCTL_BSIZE		GENMASK(17, 16)
#define     E1K_RCTL_BSIZE_2048		0	/* with BSEX clear */
#define   E1K_RCTL_VFE			BIT(18)	/* VLAN filter enable */
#define   E1K_RCTL_CFIEN		BIT(19)
#define   E1K_RCTL_CFI			BIT(20)
#define   E1K_RCTL_DPF			BIT(22)
#define   E1K_RCTL_PMCF			BIT(23)
#define   E1K_RCTL_BSEX			BIT(25)
#define   E1K_RCTL_SECRC		BIT(26)	/* strip the FCS */

/* ---- Transmit control ------------------------------------------------ */
#define E1K_TCTL			0x00400
#define   E1K_TCTL_EN			BIT(1)
#define   E1K_TCTL_PSP			BIT(3)	/* pad short packets */
#define   E1K_TCTL_CT			GENMASK(11, 4)	/* collision threshold */
#define   E1K_TCTL_COLD			GENMASK(21, 12)	/* collision distance */
#define   E1K_TCTL_RTLC			BIT(24)

#define E1K_TIPG			0x00410
#define   E1K_TIPG_IPGT			GENMASK(9, 0)
#define   E1K_TIPG_IPGR1		GENMASK(19, 10)
#define   E1K_TIPG_IPGR2		GENMASK(29, 20)

/* ---- Descriptor rings (one queue each way) ----------------------------- */
#define E1K_RDBAL			0x02800
#define E1K_RDBAH			0x02804
#define E1K_RDLEN			0x02808
#define E1K_RDH				0x02810
#define E1K_RDT				0x02818
#define E1K_RDTR			0x02820
#define E1K_RADV			0x0282C

#define E1K_TDBAL			0x03800
#define E1K_TDBAH			0x03804
#define E1K_TDLEN			0x03808
#define E1K_TDH				0x03810
#define E1K_TDT				0x03818
#define E1K_TIDV			0x03820
#define E1K_TADV			0x0382C

/* Ring lengths are programmed in bytes and must be a multiple of this. */
#define E1K_RING_LEN_ALIGN		128

/* ---- Statistics (0x04000 - 0x040FC) ------------------------------------ */
#define E1K_CRCERRS			0x04000
#define E1K_ALGNERRC			0x04004
#define E1K_SYMERRS			0x04008
#define E1K_RXERRC			0x0400C
#define E1K_MPC				0x04010
#define E1K_SCC				0x04014
#define E1K_ECOL			0x04018
#define E1K_MCC				0x0401C
#define E1K_LATECOL			0x04020
#define E1K_COLC			0x04028
#define E1K_DC				0x04030
#define E1K_TNCRS			0x04034
#define E1K_SEC				0x04038
#define E1K_CEXTERR			0x0403C
#define E1K_RLEC			0x04040
#define E1K_XONRXC			0x04048
#define E1K_XONTXC			0x0404C
#define E1K_XOFFRXC			0x04050
#define E1K_XOFFTXC			0x04054
#define E1K_FCRUC			0x04058
#define E1K_PRC64			0x0405C
#define E1K_PRC127			0x04060
#define E1K_PRC255			0x04064
#define E1K_PRC511			0x04068
#define E1K_PRC1023			0x0406C
#define E1K_PRC1522			0x04070
#define E1K_GPRC			0x04074
#define E1K_BPRC			0x04078
#define E1K_MPRC			0x0407C
#define E1K_GPTC			0x04080
#define E1K_GORCL			0x04088	/* GORCH follows at +4 */
#define E1K_GOTCL			0x04090	/* GOTCH follows at +4 */
#define E1K_RNBC			0x040A0
#define E1K_RUC				0x040A4
#define E1K_RFC				0x040A8
#define E1K_ROC				0x040AC
#define E1K_RJC				0x040B0
#define E1K_TORL			0x040C0	/* TORH follows at +4 */
#define E1K_TOTL			0x040C8	/* TOTH follows at +4 */
#define E1K_TPR				0x040D0
#define E1K_TPT				0x040D4
#define E1K_PTC64			0x040D8
#define E1K_PTC127			0x040DC
#define E1K_PTC255			0x040E0
#define E1K_PTC511			0x040E4
#define E1K_PTC1023			0x040E8
#define E1K_PTC1522			0x040EC
#define E1K_MPTC			0x040F0
#define E1K_BPTC			0x040F4
#define E1K_TSCTC			0x040F8
#define E1K_TSCTFC			0x040FC

/* ---- Receive address filters ------------------------------------------- */
/* RX checksum control (82574L; reset value IPOFLD | TUOFLD) */
#define E1K_RXCSUM			0x05000
#define   E1K_RXCSUM_IPOFLD		BIT(8)
#define   E1K_RXCSUM_TUOFLD		BIT(9)
#define   E1K_RXCSUM_PCSD		BIT(13)	/* RSS hash, not IP id, in the descriptor */
/* 82574L: RX filter control, RSS */
#define E1K_RFCTL			0x05008
#define   E1K_RFCTL_ACK_DIS		BIT(12)	/* no ACK cause per TCP ACK */
#define   E1K_RFCTL_EXTEN		BIT(15)	/* extended RX descriptors */
#define E1K_MRQC			0x05818
#define   E1K_MRQC_RSS			BIT(0)	/* MRQC[1:0] = 01: RSS */
#define   E1K_MRQC_HASH_TCPV4		BIT(16)
#define   E1K_MRQC_HASH_IPV4		BIT(17)
#define   E1K_MRQC_HASH_TCPV6		BIT(18)
#define   E1K_MRQC_HASH_IPV6		BIT(20)
/* RSS redirection table: 128 one-byte entries, bit 7 = queue 1 */
#define E1K_RETA(i)			(0x05C00 + 4 * (i))
#define E1K_RETA_WORDS			32
#define E1K_RETA_ENTRIES		128
/* RSS hash key: 40 bytes, little-endian in each register */
#define E1K_RSSRK(i)			(0x05C80 + 4 * (i))
#define E1K_RSS_KEY_LEN			40
#define E1K_MTA(i)			(0x05200 + 4 * (i))
#define E1K_MTA_WORDS			128
#define   E1K_MTA_HASH			GENMASK(11, 0)	/* with RCTL.MO = 0 */
#define   E1K_MTA_HASH_WORD		GENMASK(11, 5)
#define   E1K_MTA_HASH_BIT		GENMASK(4, 0)

#define E1K_RAL(i)			(0x05400 + 8 * (i))
#define E1K_RAH(i)			(0x05404 + 8 * (i))
#define E1K_RAR_ENTRIES			16
#define   E1K_RAH_ADDR			GENMASK(15, 0)
#define   E1K_RAH_AV			BIT(31)	/* address valid */

#define E1K_VFTA(i)			(0x05600 + 4 * (i))
#define E1K_VFTA_WORDS			128
#define   E1K_VFTA_WORD			GENMASK(11, 5)	/* of the VLAN id */
#define   E1K_VFTA_BIT			GENMASK(4, 0)

/* ---- Transmit descriptors ---------------------------------------------- */

/**
 * struct e1k_tx_desc - extended TX data descriptor (DEXT=1, DTYP=1)
 * @addr: DMA address of the buffer
 * @cmd_len: E1K_TXD_LEN, E1K_TXD_DTYP and the E1K_TXD_CMD_* bits
 * @status: E1K_TXD_STA (written back by the device), E1K_TXD_POPTS and
 *	    E1K_TXD_SPECIAL (the VLAN tag to insert)
 */
struct e1k_tx_desc {
	__le64 addr;
	__le32 cmd_len;
	__le32 status;
};

#define E1K_TXD_LEN			GENMASK(19, 0)
#define E1K_TXD_DTYP			GENMASK(23, 20)
#define   E1K_TXD_DTYP_CTX		0
#define   E1K_TXD_DTYP_DATA		1
#define E1K_TXD_CMD_EOP			BIT(24)
#define E1K_TXD_CMD_IFCS		BIT(25)
#define E1K_TXD_CMD_TSE			BIT(26)
#define E1K_TXD_CMD_RS			BIT(27)
#define E1K_TXD_CMD_DEXT		BIT(29)
#define E1K_TXD_CMD_VLE			BIT(30)
#define E1K_TXD_CMD_IDE			BIT(31)

#define E1K_TXD_STA_DD			BIT(0)
#define E1K_TXD_POPTS			GENMASK(15, 8)
#define   E1K_TXD_POPTS_IXSM		BIT(0)	/* insert IP checksum */
#define   E1K_TXD_POPTS_TXSM		BIT(1)	/* insert TCP/UDP checksum */
#define E1K_TXD_SPECIAL			GENMASK(31, 16)

/**
 * struct e1k_tx_ctx_desc - TX context descriptor (DEXT=1, DTYP=0)
 * @ip_setup: E1K_TXC_IPCSS/IPCSO/IPCSE, IP header checksum offsets
 * @tu_setup: E1K_TXC_TUCSS/TUCSO/TUCSE, TCP/UDP checksum offsets
 * @cmd_len: E1K_TXC_PAYLEN, E1K_TXD_DTYP and the E1K_TXC_CMD_* bits
 * @seg_setup: E1K_TXC_HDRLEN and E1K_TXC_MSS for segmentation
 *
 * Offsets count from the start of the frame as handed to the device, i.e.
 * without an inserted VLAN tag.  An end offset of 0 means "end of frame".
 */
struct e1k_tx_ctx_desc {
	__le32 ip_setup;
	__le32 tu_setup;
	__le32 cmd_len;
	__le32 seg_setup;
};

#define E1K_TXC_CSS			GENMASK(7, 0)	/* checksum start */
#define E1K_TXC_CSO			GENMASK(15, 8)	/* checksum offset */
#define E1K_TXC_CSE			GENMASK(31, 16)	/* checksum end */
#define E1K_TXC_PAYLEN			GENMASK(19, 0)
#define E1K_TXC_CMD_TCP			BIT(24)
#define E1K_TXC_CMD_IP			BIT(25)
#define E1K_TXC_CMD_TSE			BIT(26)
#define E1K_TXC_CMD_DEXT		BIT(29)
#define E1K_TXC_HDRLEN			GENMASK(15, 8)
#define E1K_TXC_MSS			GENMASK(31, 16)

/* ---- Receive descriptors ------------------------------------------------ */

/**
 * struct e1k_rx_desc - legacy RX descriptor
 * @addr: DMA address of the buffer
 * @meta: written back by the device: E1K_RXD_LEN, E1K_RXD_CSUM,
 *	  E1K_RXD_STATUS, E1K_RXD_ERRORS and E1K_RXD_SPECIAL (VLAN tag)
 */
struct e1k_rx_desc {
	__le64 addr;
	__le64 meta;
};

#define E1K_RXD_LEN			GENMASK_ULL(15, 0)
#define E1K_RXD_CSUM			GENMASK_ULL(31, 16)
#define E1K_RXD_STATUS			GENMASK_ULL(39, 32)
#define E1K_RXD_ERRORS			GENMASK_ULL(47, 40)
#define E1K_RXD_SPECIAL			GENMASK_ULL(63, 48)

#define E1K_RXD_STAT_DD			BIT(0)
#define E1K_RXD_STAT_EOP		BIT(1)
#define E1K_RXD_STAT_IXSM		BIT(2)
#define E1K_RXD_STAT_VP			BIT(3)
/* 82574L: which checksums the device verified (E1K_RXD_ERR_TCPE/IPE: bad) */
#define E1K_RXD_STAT_UDPCS		BIT(4)
#define E1K_RXD_STAT_TCPCS		BIT(5)
#define E1K_RXD_STAT_IPCS		BIT(6)

#define E1K_RXD_ERR_CE			BIT(0)	/* CRC error */
#define E1K_RXD_ERR_SE			BIT(1)	/* symbol error */
#define E1K_RXD_ERR_SEQ			BIT(2)	/* sequence error */
#define E1K_RXD_ERR_CXE			BIT(4)	/* carrier extension error */
#define E1K_RXD_ERR_TCPE		BIT(5)
#define E1K_RXD_ERR_IPE			BIT(6)
#define E1K_RXD_ERR_RXE			BIT(7)	/* RX data error */
#define E1K_RXD_ERR_FRAME		(E1K_RXD_ERR_CE | E1K_RXD_ERR_SE | \
					 E1K_RXD_ERR_SEQ | E1K_RXD_ERR_CXE | \
					 E1K_RXD_ERR_RXE)

/*
 * Extended RX descriptor (82574L, RFCTL.EXTEN): read as struct e1k_rx_desc
 * (the buffer address in @addr), written back as two quadwords: in @addr
 * the RSS type and hash, in @meta the status (E1K_RXD_STAT_*) and error
 * (E1K_RXD_ERR_*) bits, the length and the VLAN tag.
 */
#define E1K_RXD_EXT_RSS_TYPE		GENMASK_ULL(3, 0)
#define E1K_RXD_EXT_RSS_HASH		GENMASK_ULL(63, 32)
#define E1K_RXD_EXT_STATUS		GENMASK_ULL(7, 0)
#define E1K_RXD_EXT_ERRORS		GENMASK_ULL(31, 24)
#define E1K_RXD_EXT_LEN			GENMASK_ULL(47, 32)
#define E1K_RXD_EXT_VLAN		GENMASK_ULL(63, 48)

/* E1K_RXD_EXT_RSS_TYPE: what the hash covers; 0, none */
#define E1K_RSS_TYPE_TCPV4		1
#define E1K_RSS_TYPE_IPV4		2
#define E1K_RSS_TYPE_TCPV6		3
#define E1K_RSS_TYPE_IPV6_EX		4
#define E1K_RSS_TYPE_IPV6		5

#endif /* _E1K_REGS_H_ */
