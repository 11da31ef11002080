// SPDX-License-Identifier: GPL-2.0
/*
 * e1k: KUnit tests of the driver's pure logic, built into e1k.ko when the
 * kernel has CONFIG_KUNIT (the debug kernel of `make check-debug`; Debian's
 * stock kernel has none) and run when the module loads.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>

#include "e1k.h"

/* ---- TSO segment size ------------------------------------------------- */

/*
 * What the model puts on the wire for @payload at @mss: full segments, then
 * the rest, or a header-only segment when there is no rest.
 */
static void e1k_kunit_check_mss(struct kunit *test, unsigned int payload,
				unsigned int gso_size)
{
	unsigned int mss = e1k_tx_tso_mss(payload, gso_size);

	if (!mss)
		return;
	KUNIT_EXPECT_LE_MSG(test, mss, gso_size, "payload %u gso_size %u", payload, gso_size);
	KUNIT_EXPECT_GT_MSG(test, mss, gso_size / 2, "payload %u gso_size %u", payload, gso_size);
	KUNIT_EXPECT_NE_MSG(test, payload % mss, 0U, "empty last segment: payload %u mss %u",
			    payload, mss);
}

static void e1k_kunit_tso_mss_never_leaves_empty_segment(struct kunit *test)
{
	unsigned int gso_size, k, r;

	for (gso_size = 1; gso_size <= 64; gso_size++)
		for (k = 2; k <= 40; k++)
			for (r = 0; r < 3; r++)
				e1k_kunit_check_mss(test, k * gso_size + r, gso_size);

	for (gso_size = 536; gso_size <= 9000; gso_size += 457)
		for (k = 2; k * gso_size < 65536; k++)
			e1k_kunit_check_mss(test, k * gso_size, gso_size);
}

static void e1k_kunit_tso_mss_tiny_sizes_go_to_software(struct kunit *test)
{
	/* GRO of 1-byte segments: no usable MSS, never a division by zero */
	KUNIT_EXPECT_EQ(test, e1k_tx_tso_mss(100, 1), 0U);
	KUNIT_EXPECT_EQ(test, e1k_tx_tso_mss(1, 1), 0U);
	/* here 2 and 3 would need an MSS of 1, which divides everything */
	KUNIT_EXPECT_EQ(test, e1k_tx_tso_mss(4, 2), 0U);
	KUNIT_EXPECT_EQ(test, e1k_tx_tso_mss(6, 3), 0U);
	/* 9 at 3 can go as 2 + 2 + 2 + 2 + 1 */
	KUNIT_EXPECT_EQ(test, e1k_tx_tso_mss(9, 3), 2U);
	KUNIT_EXPECT_EQ(test, e1k_tx_tso_mss(10, 0), 0U);
	/* a rest of one byte keeps the size as it is */
	KUNIT_EXPECT_EQ(test, e1k_tx_tso_mss(5, 2), 2U);
	KUNIT_EXPECT_EQ(test, e1k_tx_tso_mss(2897, 1448), 1448U);
}

static void e1k_kunit_tso_mss_exact_multiple_is_cut_evenly(struct kunit *test)
{
	/* 2 x 1448 goes out as 966 + 966 + 964, not 1448 + 1448 + a bare header */
	KUNIT_EXPECT_EQ(test, e1k_tx_tso_mss(2896, 1448), 966U);
	/* 44 x 1448 (64 KiB of TSO) as 45 segments of nearly equal size */
	KUNIT_EXPECT_EQ(test, DIV_ROUND_UP(63712, e1k_tx_tso_mss(63712, 1448)), 45U);
}

/* ---- RX descriptor checks -------------------------------------------- */

static u64 e1k_kunit_meta(unsigned int len, u8 status, u8 errors)
{
	return FIELD_PREP(E1K_RXD_LEN, len) | FIELD_PREP(E1K_RXD_STATUS, status) |
	       FIELD_PREP(E1K_RXD_ERRORS, errors);
}

static void e1k_kunit_rx_desc_valid(struct kunit *test)
{
	const u8 dd = E1K_RXD_STAT_DD, eop = E1K_RXD_STAT_DD | E1K_RXD_STAT_EOP;

	KUNIT_EXPECT_TRUE(test, e1k_rx_desc_valid(e1k_kunit_meta(60, eop, 0), false));
	KUNIT_EXPECT_TRUE(test, e1k_rx_desc_valid(e1k_kunit_meta(E1K_RX_BUF_LEN, eop, 0), false));
	KUNIT_EXPECT_TRUE(test, e1k_rx_desc_valid(e1k_kunit_meta(E1K_RX_BUF_LEN, dd, 0), false));
	/* zero or impossible lengths */
	KUNIT_EXPECT_FALSE(test, e1k_rx_desc_valid(e1k_kunit_meta(0, eop, 0), false));
	KUNIT_EXPECT_FALSE(test, e1k_rx_desc_valid(e1k_kunit_meta(0, eop, 0), true));
	KUNIT_EXPECT_FALSE(test,
			   e1k_rx_desc_valid(e1k_kunit_meta(E1K_RX_BUF_LEN + 1, eop, 0), false));
	KUNIT_EXPECT_FALSE(test, e1k_rx_desc_valid(e1k_kunit_meta(0xffff, eop, 0), true));
	/* only the last buffer of a frame may be partly filled */
	KUNIT_EXPECT_FALSE(test, e1k_rx_desc_valid(e1k_kunit_meta(100, dd, 0), false));
	/* frame errors drop the frame unless rx-all asks for it */
	KUNIT_EXPECT_FALSE(test,
			   e1k_rx_desc_valid(e1k_kunit_meta(60, eop, E1K_RXD_ERR_CE), false));
	KUNIT_EXPECT_TRUE(test, e1k_rx_desc_valid(e1k_kunit_meta(60, eop, E1K_RXD_ERR_CE), true));
	KUNIT_EXPECT_FALSE(test,
			   e1k_rx_desc_valid(e1k_kunit_meta(60, eop, E1K_RXD_ERR_RXE), false));
	/* checksum errors are not frame errors (the model never sets them) */
	KUNIT_EXPECT_TRUE(test,
			  e1k_rx_desc_valid(e1k_kunit_meta(60, eop, E1K_RXD_ERR_TCPE), false));
}

/* The 82574L's extended write-back, read as the legacy layout. */
static void e1k_kunit_rx_meta_extended(struct kunit *test)
{
	/* 1514 bytes, DD EOP VP TCPCS, TCPE and RXE, VLAN tag 0x0123 */
	u64 ext = FIELD_PREP(E1K_RXD_EXT_LEN, 1514) | FIELD_PREP(E1K_RXD_EXT_VLAN, 0x0123) |
		  FIELD_PREP(E1K_RXD_EXT_STATUS, 0x2b) |
		  FIELD_PREP(E1K_RXD_EXT_ERRORS, E1K_RXD_ERR_TCPE | E1K_RXD_ERR_RXE) |
		  BIT_ULL(15);	/* ACK: an extended status bit, no legacy place */
	u64 meta = e1k_rx_meta(true, ext);

	KUNIT_EXPECT_EQ(test, FIELD_GET(E1K_RXD_LEN, meta), 1514ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(E1K_RXD_STATUS, meta), 0x2bULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(E1K_RXD_ERRORS, meta),
			(u64)(E1K_RXD_ERR_TCPE | E1K_RXD_ERR_RXE));
	KUNIT_EXPECT_EQ(test, FIELD_GET(E1K_RXD_SPECIAL, meta), 0x0123ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(E1K_RXD_CSUM, meta), 0ULL);
	/* not yet written back: DD clear in both layouts */
	KUNIT_EXPECT_EQ(test, e1k_rx_meta(true, 0), 0ULL);
	/* the legacy layout passes through */
	KUNIT_EXPECT_EQ(test, e1k_rx_meta(false, ext), ext);
}

/* Only the five defined RSS types give the stack a hash. */
static void e1k_kunit_rx_hash_type(struct kunit *test)
{
	unsigned int type;

	KUNIT_EXPECT_EQ(test, e1k_rx_hash_type(0), PKT_HASH_TYPE_NONE);
	KUNIT_EXPECT_EQ(test, e1k_rx_hash_type(E1K_RSS_TYPE_TCPV4), PKT_HASH_TYPE_L4);
	KUNIT_EXPECT_EQ(test, e1k_rx_hash_type(E1K_RSS_TYPE_TCPV6), PKT_HASH_TYPE_L4);
	KUNIT_EXPECT_EQ(test, e1k_rx_hash_type(E1K_RSS_TYPE_IPV4), PKT_HASH_TYPE_L3);
	KUNIT_EXPECT_EQ(test, e1k_rx_hash_type(E1K_RSS_TYPE_IPV6_EX), PKT_HASH_TYPE_L3);
	KUNIT_EXPECT_EQ(test, e1k_rx_hash_type(E1K_RSS_TYPE_IPV6), PKT_HASH_TYPE_L3);
	/* every value the 4-bit field can hold beyond them is reserved */
	for (type = E1K_RSS_TYPE_IPV6 + 1; type <= FIELD_MAX(E1K_RXD_EXT_RSS_TYPE); type++)
		KUNIT_EXPECT_EQ_MSG(test, e1k_rx_hash_type(type), PKT_HASH_TYPE_NONE,
				    "reserved type %u", type);
}

/* ---- Ring arithmetic -------------------------------------------------- */

static void e1k_kunit_ring_unused(struct kunit *test)
{
	u16 count, ntc, ntu;

	/* empty: all but one slot free; full: none */
	KUNIT_EXPECT_EQ(test, e1k_ring_unused(0, 0, 256), 255U);
	KUNIT_EXPECT_EQ(test, e1k_ring_unused(0, 255, 256), 0U);
	KUNIT_EXPECT_EQ(test, e1k_ring_unused(10, 9, 256), 0U);
	KUNIT_EXPECT_EQ(test, e1k_ring_unused(E1K_RING_MAX - 1, E1K_RING_MAX - 1, E1K_RING_MAX),
			E1K_RING_MAX - 1U);

	/* used + unused + the empty slot is always the ring size */
	for (count = E1K_RING_MIN; count <= 96; count += 8)
		for (ntc = 0; ntc < count; ntc++)
			for (ntu = 0; ntu < count; ntu++) {
				unsigned int used = (ntu + count - ntc) % count;

				KUNIT_ASSERT_EQ(test, e1k_ring_unused(ntc, ntu, count) + used + 1,
						(unsigned int)count);
			}

	/* the smallest ring can free enough descriptors to wake the queue */
	KUNIT_EXPECT_GE(test, e1k_ring_unused(0, 0, E1K_RING_MIN),
			(unsigned int)E1K_TX_WAKE_THRESH);
}

/*
 * RDT batching: whatever the indexes, buffers held back never leave the
 * device with fewer than E1K_RX_TAIL_BATCH, never number that many, and a
 * device that completed past RDT gets everything announced.
 */
static void e1k_kunit_rx_tail_due(struct kunit *test)
{
	const unsigned int batch = E1K_RX_TAIL_BATCH;
	u16 count = E1K_RING_MIN, ntc, ntu, tail;

	KUNIT_EXPECT_FALSE(test, e1k_rx_tail_due(0, 200, 199, 256));	/* 1 held, 199 owned */
	KUNIT_EXPECT_TRUE(test, e1k_rx_tail_due(0, 200, 184, 256));	/* 16 held */
	KUNIT_EXPECT_TRUE(test, e1k_rx_tail_due(190, 200, 195, 256));	/* 5 owned */
	KUNIT_EXPECT_FALSE(test, e1k_rx_tail_due(0, 5, 5, 256));	/* nothing held */
	KUNIT_EXPECT_TRUE(test, e1k_rx_tail_due(10, 12, 11, 256));	/* 1 owned */
	KUNIT_EXPECT_TRUE(test, e1k_rx_tail_due(250, 3, 2, 256));	/* wrapped, 8 owned */

	for (ntc = 0; ntc < count; ntc++)
		for (ntu = 0; ntu < count; ntu++)
			for (tail = 0; tail < count; tail++) {
				unsigned int posted = (ntu + count - ntc) % count;
				unsigned int held = (ntu + count - tail) % count;

				if (e1k_rx_tail_due(ntc, ntu, tail, count)) {
					KUNIT_ASSERT_GT(test, held, 0U);
					continue;
				}
				if (!held)
					continue;
				KUNIT_ASSERT_LT(test, held, batch);
				KUNIT_ASSERT_LE(test, held, posted);
				KUNIT_ASSERT_GE(test, posted - held, batch);
			}
}

/* ---- Interrupt moderation --------------------------------------------- */

static void e1k_kunit_itr(struct kunit *test)
{
	/* ITR counts 256 ns units */
	KUNIT_EXPECT_EQ(test, e1k_usecs_to_itr(0), 0U);
	KUNIT_EXPECT_EQ(test, e1k_usecs_to_itr(50), 195U);
	KUNIT_EXPECT_EQ(test, e1k_usecs_to_itr(125), 488U);
	KUNIT_EXPECT_LE(test, e1k_usecs_to_itr(E1K_ITR_INTERVAL * 256 / 1000),
			(u32)E1K_ITR_INTERVAL);

	/* adaptive-rx: no throttle when idle, more as the rate grows */
	KUNIT_EXPECT_EQ(test, e1k_coalesce_pick_usecs(0), 0U);
	KUNIT_EXPECT_EQ(test, e1k_coalesce_pick_usecs(1999), 0U);
	KUNIT_EXPECT_EQ(test, e1k_coalesce_pick_usecs(2000), 50U);
	KUNIT_EXPECT_EQ(test, e1k_coalesce_pick_usecs(19999), 50U);
	KUNIT_EXPECT_EQ(test, e1k_coalesce_pick_usecs(20000), 125U);
	KUNIT_EXPECT_EQ(test, e1k_coalesce_pick_usecs(U64_MAX), 125U);
}

static struct kunit_case e1k_kunit_cases[] = {
	KUNIT_CASE(e1k_kunit_tso_mss_never_leaves_empty_segment),
	KUNIT_CASE(e1k_kunit_tso_mss_tiny_sizes_go_to_software),
	KUNIT_CASE(e1k_kunit_tso_mss_exact_multiple_is_cut_evenly),
	KUNIT_CASE(e1k_kunit_rx_desc_valid),
	KUNIT_CASE(e1k_kunit_rx_meta_extended),
	KUNIT_CASE(e1k_kunit_rx_hash_type),
	KUNIT_CASE(e1k_kunit_ring_unused),
	KUNIT_CASE(e1k_kunit_rx_tail_due),
	KUNIT_CASE(e1k_kunit_itr),
	{}
};

static struct kunit_suite e1k_kunit_suite = {
	.name = "e1k",
	.test_cases = e1k_kunit_cases,
};

kunit_test_suite(e1k_kunit_suite);
