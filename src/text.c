/*
 * text: UTF-8 decoding, the one sanitiser every screen string passes, display width and
 * width-aware truncation.  See include/text.h for the contract.
 *
 * Why a compiled-in width table: wcwidth() depends on setlocale() and answers -1 for
 * everything non-ASCII under LANG=C, yet `opdeck render` must lay out the same screen
 * in any locale.  The tables below were generated from glibc 2.36's wcwidth (Unicode
 * 15) under C.UTF-8, because that is what ncurses and tmux measure with on the systems
 * we target: when our widths agree with theirs, borders stay aligned.  Two deliberate
 * deviations, both applied by the sanitiser rather than the tables:
 *   - regional indicators (U+1F1E6..U+1F1FF) become their ASCII letters ("🇻🇳" shows
 *     "VN"): terminals disagree on whether a flag takes 1, 2 or 4 columns (tmux 3.3a
 *     gives 1 per indicator, others 2 per indicator or 2 per pair), two letters take 2
 *     everywhere;
 *   - presentation selectors U+FE0E/U+FE0F are dropped: "❤️" is 1 column to wcwidth but
 *     2 in terminals that honour VS16, so we ask for the plain (text) presentation.
 * Unassigned code points count 1 column (tmux does the same with wcwidth's -1).
 *
 * Regenerating the tables: enumerate wcwidth(cp) for cp >= U+00A0 under C.UTF-8 and
 * print the runs of 0 and of 2.
 */
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct range {
	uint32_t lo, hi;
};

/* Zero columns: combining marks (Mn, Me), Hangul medial/final jamo, format characters. */
static const struct range zero_width[] = {
	{0x00300, 0x0036F}, {0x00483, 0x00489}, {0x00591, 0x005BD}, {0x005BF, 0x005BF},
	{0x005C1, 0x005C2}, {0x005C4, 0x005C5}, {0x005C7, 0x005C7}, {0x00610, 0x0061A},
	{0x0061C, 0x0061C}, {0x0064B, 0x0065F}, {0x00670, 0x00670}, {0x006D6, 0x006DC},
	{0x006DF, 0x006E4}, {0x006E7, 0x006E8}, {0x006EA, 0x006ED}, {0x00711, 0x00711},
	{0x00730, 0x0074A}, {0x007A6, 0x007B0}, {0x007EB, 0x007F3}, {0x007FD, 0x007FD},
	{0x00816, 0x00819}, {0x0081B, 0x00823}, {0x00825, 0x00827}, {0x00829, 0x0082D},
	{0x00859, 0x0085B}, {0x00898, 0x0089F}, {0x008CA, 0x008E1}, {0x008E3, 0x00902},
	{0x0093A, 0x0093A}, {0x0093C, 0x0093C}, {0x00941, 0x00948}, {0x0094D, 0x0094D},
	{0x00951, 0x00957}, {0x00962, 0x00963}, {0x00981, 0x00981}, {0x009BC, 0x009BC},
	{0x009C1, 0x009C4}, {0x009CD, 0x009CD}, {0x009E2, 0x009E3}, {0x009FE, 0x009FE},
	{0x00A01, 0x00A02}, {0x00A3C, 0x00A3C}, {0x00A41, 0x00A42}, {0x00A47, 0x00A48},
	{0x00A4B, 0x00A4D}, {0x00A51, 0x00A51}, {0x00A70, 0x00A71}, {0x00A75, 0x00A75},
	{0x00A81, 0x00A82}, {0x00ABC, 0x00ABC}, {0x00AC1, 0x00AC5}, {0x00AC7, 0x00AC8},
	{0x00ACD, 0x00ACD}, {0x00AE2, 0x00AE3}, {0x00AFA, 0x00AFF}, {0x00B01, 0x00B01},
	{0x00B3C, 0x00B3C}, {0x00B3F, 0x00B3F}, {0x00B41, 0x00B44}, {0x00B4D, 0x00B4D},
	{0x00B55, 0x00B56}, {0x00B62, 0x00B63}, {0x00B82, 0x00B82}, {0x00BC0, 0x00BC0},
	{0x00BCD, 0x00BCD}, {0x00C00, 0x00C00}, {0x00C04, 0x00C04}, {0x00C3C, 0x00C3C},
	{0x00C3E, 0x00C40}, {0x00C46, 0x00C48}, {0x00C4A, 0x00C4D}, {0x00C55, 0x00C56},
	{0x00C62, 0x00C63}, {0x00C81, 0x00C81}, {0x00CBC, 0x00CBC}, {0x00CBF, 0x00CBF},
	{0x00CC6, 0x00CC6}, {0x00CCC, 0x00CCD}, {0x00CE2, 0x00CE3}, {0x00D00, 0x00D01},
	{0x00D3B, 0x00D3C}, {0x00D41, 0x00D44}, {0x00D4D, 0x00D4D}, {0x00D62, 0x00D63},
	{0x00D81, 0x00D81}, {0x00DCA, 0x00DCA}, {0x00DD2, 0x00DD4}, {0x00DD6, 0x00DD6},
	{0x00E31, 0x00E31}, {0x00E34, 0x00E3A}, {0x00E47, 0x00E4E}, {0x00EB1, 0x00EB1},
	{0x00EB4, 0x00EBC}, {0x00EC8, 0x00ECD}, {0x00F18, 0x00F19}, {0x00F35, 0x00F35},
	{0x00F37, 0x00F37}, {0x00F39, 0x00F39}, {0x00F71, 0x00F7E}, {0x00F80, 0x00F84},
	{0x00F86, 0x00F87}, {0x00F8D, 0x00F97}, {0x00F99, 0x00FBC}, {0x00FC6, 0x00FC6},
	{0x0102D, 0x01030}, {0x01032, 0x01037}, {0x01039, 0x0103A}, {0x0103D, 0x0103E},
	{0x01058, 0x01059}, {0x0105E, 0x01060}, {0x01071, 0x01074}, {0x01082, 0x01082},
	{0x01085, 0x01086}, {0x0108D, 0x0108D}, {0x0109D, 0x0109D}, {0x01160, 0x011FF},
	{0x0135D, 0x0135F}, {0x01712, 0x01714}, {0x01732, 0x01733}, {0x01752, 0x01753},
	{0x01772, 0x01773}, {0x017B4, 0x017B5}, {0x017B7, 0x017BD}, {0x017C6, 0x017C6},
	{0x017C9, 0x017D3}, {0x017DD, 0x017DD}, {0x0180B, 0x0180F}, {0x01885, 0x01886},
	{0x018A9, 0x018A9}, {0x01920, 0x01922}, {0x01927, 0x01928}, {0x01932, 0x01932},
	{0x01939, 0x0193B}, {0x01A17, 0x01A18}, {0x01A1B, 0x01A1B}, {0x01A56, 0x01A56},
	{0x01A58, 0x01A5E}, {0x01A60, 0x01A60}, {0x01A62, 0x01A62}, {0x01A65, 0x01A6C},
	{0x01A73, 0x01A7C}, {0x01A7F, 0x01A7F}, {0x01AB0, 0x01ACE}, {0x01B00, 0x01B03},
	{0x01B34, 0x01B34}, {0x01B36, 0x01B3A}, {0x01B3C, 0x01B3C}, {0x01B42, 0x01B42},
	{0x01B6B, 0x01B73}, {0x01B80, 0x01B81}, {0x01BA2, 0x01BA5}, {0x01BA8, 0x01BA9},
	{0x01BAB, 0x01BAD}, {0x01BE6, 0x01BE6}, {0x01BE8, 0x01BE9}, {0x01BED, 0x01BED},
	{0x01BEF, 0x01BF1}, {0x01C2C, 0x01C33}, {0x01C36, 0x01C37}, {0x01CD0, 0x01CD2},
	{0x01CD4, 0x01CE0}, {0x01CE2, 0x01CE8}, {0x01CED, 0x01CED}, {0x01CF4, 0x01CF4},
	{0x01CF8, 0x01CF9}, {0x01DC0, 0x01DFF}, {0x0200B, 0x0200F}, {0x0202A, 0x0202E},
	{0x02060, 0x02064}, {0x02066, 0x0206F}, {0x020D0, 0x020F0}, {0x02CEF, 0x02CF1},
	{0x02D7F, 0x02D7F}, {0x02DE0, 0x02DFF}, {0x0302A, 0x0302D}, {0x03099, 0x0309A},
	{0x0A66F, 0x0A672}, {0x0A674, 0x0A67D}, {0x0A69E, 0x0A69F}, {0x0A6F0, 0x0A6F1},
	{0x0A802, 0x0A802}, {0x0A806, 0x0A806}, {0x0A80B, 0x0A80B}, {0x0A825, 0x0A826},
	{0x0A82C, 0x0A82C}, {0x0A8C4, 0x0A8C5}, {0x0A8E0, 0x0A8F1}, {0x0A8FF, 0x0A8FF},
	{0x0A926, 0x0A92D}, {0x0A947, 0x0A951}, {0x0A980, 0x0A982}, {0x0A9B3, 0x0A9B3},
	{0x0A9B6, 0x0A9B9}, {0x0A9BC, 0x0A9BD}, {0x0A9E5, 0x0A9E5}, {0x0AA29, 0x0AA2E},
	{0x0AA31, 0x0AA32}, {0x0AA35, 0x0AA36}, {0x0AA43, 0x0AA43}, {0x0AA4C, 0x0AA4C},
	{0x0AA7C, 0x0AA7C}, {0x0AAB0, 0x0AAB0}, {0x0AAB2, 0x0AAB4}, {0x0AAB7, 0x0AAB8},
	{0x0AABE, 0x0AABF}, {0x0AAC1, 0x0AAC1}, {0x0AAEC, 0x0AAED}, {0x0AAF6, 0x0AAF6},
	{0x0ABE5, 0x0ABE5}, {0x0ABE8, 0x0ABE8}, {0x0ABED, 0x0ABED}, {0x0D7B0, 0x0D7C6},
	{0x0D7CB, 0x0D7FB}, {0x0FB1E, 0x0FB1E}, {0x0FE00, 0x0FE0F}, {0x0FE20, 0x0FE2F},
	{0x0FEFF, 0x0FEFF}, {0x0FFF9, 0x0FFFB}, {0x101FD, 0x101FD}, {0x102E0, 0x102E0},
	{0x10376, 0x1037A}, {0x10A01, 0x10A03}, {0x10A05, 0x10A06}, {0x10A0C, 0x10A0F},
	{0x10A38, 0x10A3A}, {0x10A3F, 0x10A3F}, {0x10AE5, 0x10AE6}, {0x10D24, 0x10D27},
	{0x10EAB, 0x10EAC}, {0x10F46, 0x10F50}, {0x10F82, 0x10F85}, {0x11001, 0x11001},
	{0x11038, 0x11046}, {0x11070, 0x11070}, {0x11073, 0x11074}, {0x1107F, 0x11081},
	{0x110B3, 0x110B6}, {0x110B9, 0x110BA}, {0x110C2, 0x110C2}, {0x11100, 0x11102},
	{0x11127, 0x1112B}, {0x1112D, 0x11134}, {0x11173, 0x11173}, {0x11180, 0x11181},
	{0x111B6, 0x111BE}, {0x111C9, 0x111CC}, {0x111CF, 0x111CF}, {0x1122F, 0x11231},
	{0x11234, 0x11234}, {0x11236, 0x11237}, {0x1123E, 0x1123E}, {0x112DF, 0x112DF},
	{0x112E3, 0x112EA}, {0x11300, 0x11301}, {0x1133B, 0x1133C}, {0x11340, 0x11340},
	{0x11366, 0x1136C}, {0x11370, 0x11374}, {0x11438, 0x1143F}, {0x11442, 0x11444},
	{0x11446, 0x11446}, {0x1145E, 0x1145E}, {0x114B3, 0x114B8}, {0x114BA, 0x114BA},
	{0x114BF, 0x114C0}, {0x114C2, 0x114C3}, {0x115B2, 0x115B5}, {0x115BC, 0x115BD},
	{0x115BF, 0x115C0}, {0x115DC, 0x115DD}, {0x11633, 0x1163A}, {0x1163D, 0x1163D},
	{0x1163F, 0x11640}, {0x116AB, 0x116AB}, {0x116AD, 0x116AD}, {0x116B0, 0x116B5},
	{0x116B7, 0x116B7}, {0x1171D, 0x1171F}, {0x11722, 0x11725}, {0x11727, 0x1172B},
	{0x1182F, 0x11837}, {0x11839, 0x1183A}, {0x1193B, 0x1193C}, {0x1193E, 0x1193E},
	{0x11943, 0x11943}, {0x119D4, 0x119D7}, {0x119DA, 0x119DB}, {0x119E0, 0x119E0},
	{0x11A01, 0x11A0A}, {0x11A33, 0x11A38}, {0x11A3B, 0x11A3E}, {0x11A47, 0x11A47},
	{0x11A51, 0x11A56}, {0x11A59, 0x11A5B}, {0x11A8A, 0x11A96}, {0x11A98, 0x11A99},
	{0x11C30, 0x11C36}, {0x11C38, 0x11C3D}, {0x11C3F, 0x11C3F}, {0x11C92, 0x11CA7},
	{0x11CAA, 0x11CB0}, {0x11CB2, 0x11CB3}, {0x11CB5, 0x11CB6}, {0x11D31, 0x11D36},
	{0x11D3A, 0x11D3A}, {0x11D3C, 0x11D3D}, {0x11D3F, 0x11D45}, {0x11D47, 0x11D47},
	{0x11D90, 0x11D91}, {0x11D95, 0x11D95}, {0x11D97, 0x11D97}, {0x11EF3, 0x11EF4},
	{0x13430, 0x13438}, {0x16AF0, 0x16AF4}, {0x16B30, 0x16B36}, {0x16F4F, 0x16F4F},
	{0x16F8F, 0x16F92}, {0x16FE4, 0x16FE4}, {0x1BC9D, 0x1BC9E}, {0x1BCA0, 0x1BCA3},
	{0x1CF00, 0x1CF2D}, {0x1CF30, 0x1CF46}, {0x1D167, 0x1D169}, {0x1D173, 0x1D182},
	{0x1D185, 0x1D18B}, {0x1D1AA, 0x1D1AD}, {0x1D242, 0x1D244}, {0x1DA00, 0x1DA36},
	{0x1DA3B, 0x1DA6C}, {0x1DA75, 0x1DA75}, {0x1DA84, 0x1DA84}, {0x1DA9B, 0x1DA9F},
	{0x1DAA1, 0x1DAAF}, {0x1E000, 0x1E006}, {0x1E008, 0x1E018}, {0x1E01B, 0x1E021},
	{0x1E023, 0x1E024}, {0x1E026, 0x1E02A}, {0x1E130, 0x1E136}, {0x1E2AE, 0x1E2AE},
	{0x1E2EC, 0x1E2EF}, {0x1E8D0, 0x1E8D6}, {0x1E944, 0x1E94A}, {0xE0001, 0xE0001},
	{0xE0020, 0xE007F}, {0xE0100, 0xE01EF},
};

/* Two columns: East Asian Wide and Fullwidth, emoji with emoji presentation. */
static const struct range double_width[] = {
	{0x01100, 0x0115F}, {0x0231A, 0x0231B}, {0x02329, 0x0232A}, {0x023E9, 0x023EC},
	{0x023F0, 0x023F0}, {0x023F3, 0x023F3}, {0x025FD, 0x025FE}, {0x02614, 0x02615},
	{0x02648, 0x02653}, {0x0267F, 0x0267F}, {0x02693, 0x02693}, {0x026A1, 0x026A1},
	{0x026AA, 0x026AB}, {0x026BD, 0x026BE}, {0x026C4, 0x026C5}, {0x026CE, 0x026CE},
	{0x026D4, 0x026D4}, {0x026EA, 0x026EA}, {0x026F2, 0x026F3}, {0x026F5, 0x026F5},
	{0x026FA, 0x026FA}, {0x026FD, 0x026FD}, {0x02705, 0x02705}, {0x0270A, 0x0270B},
	{0x02728, 0x02728}, {0x0274C, 0x0274C}, {0x0274E, 0x0274E}, {0x02753, 0x02755},
	{0x02757, 0x02757}, {0x02795, 0x02797}, {0x027B0, 0x027B0}, {0x027BF, 0x027BF},
	{0x02B1B, 0x02B1C}, {0x02B50, 0x02B50}, {0x02B55, 0x02B55}, {0x02E80, 0x02E99},
	{0x02E9B, 0x02EF3}, {0x02F00, 0x02FD5}, {0x02FF0, 0x02FFB}, {0x03000, 0x03029},
	{0x0302E, 0x0303E}, {0x03041, 0x03096}, {0x0309B, 0x030FF}, {0x03105, 0x0312F},
	{0x03131, 0x0318E}, {0x03190, 0x031E3}, {0x031F0, 0x0321E}, {0x03220, 0x0A48C},
	{0x0A490, 0x0A4C6}, {0x0A960, 0x0A97C}, {0x0AC00, 0x0D7A3}, {0x0F900, 0x0FA6D},
	{0x0FA70, 0x0FAD9}, {0x0FE10, 0x0FE19}, {0x0FE30, 0x0FE52}, {0x0FE54, 0x0FE66},
	{0x0FE68, 0x0FE6B}, {0x0FF01, 0x0FF60}, {0x0FFE0, 0x0FFE6}, {0x16FE0, 0x16FE3},
	{0x16FF0, 0x16FF1}, {0x17000, 0x187F7}, {0x18800, 0x18CD5}, {0x18D00, 0x18D08},
	{0x1AFF0, 0x1AFF3}, {0x1AFF5, 0x1AFFB}, {0x1AFFD, 0x1AFFE}, {0x1B000, 0x1B122},
	{0x1B150, 0x1B152}, {0x1B164, 0x1B167}, {0x1B170, 0x1B2FB}, {0x1F004, 0x1F004},
	{0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F202},
	{0x1F210, 0x1F23B}, {0x1F240, 0x1F248}, {0x1F250, 0x1F251}, {0x1F260, 0x1F265},
	{0x1F300, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393},
	{0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4},
	{0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D},
	{0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596},
	{0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC},
	{0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7}, {0x1F6DD, 0x1F6DF}, {0x1F6EB, 0x1F6EC},
	{0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB}, {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A},
	{0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FA74}, {0x1FA78, 0x1FA7C},
	{0x1FA80, 0x1FA86}, {0x1FA90, 0x1FAAC}, {0x1FAB0, 0x1FABA}, {0x1FAC0, 0x1FAC5},
	{0x1FAD0, 0x1FAD9}, {0x1FAE0, 0x1FAE7}, {0x1FAF0, 0x1FAF6},
	/* whole CJK planes (EAW: W even where unassigned in Unicode 15) */
	{0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static int in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < r[0].lo || cp > r[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp > r[mid].hi)
			lo = mid + 1;
		else if (cp < r[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

size_t text_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char b, lo = 0x80, hi = 0xBF;
	size_t need, i;
	uint32_t v;

	*cp = TEXT_REPLACEMENT;
	if (len == 0)
		return 0;
	b = p[0];
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	/* Strict: the second byte's range excludes overlongs (E0, F0), surrogates (ED) and
	 * values above U+10FFFF (F4); C0, C1 and F5..FF never start a character. */
	if (b >= 0xC2 && b <= 0xDF) {
		need = 1;
		v = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 2;
		v = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0;
		else if (b == 0xED)
			hi = 0x9F;
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 3;
		v = b & 0x07;
		if (b == 0xF0)
			lo = 0x90;
		else if (b == 0xF4)
			hi = 0x8F;
	} else {
		return 1;
	}
	if (len < need + 1)
		return 1;
	for (i = 1; i <= need; i++) {
		unsigned char c = p[i];
		if (c < (i == 1 ? lo : 0x80) || c > (i == 1 ? hi : 0xBF))
			return 1;
		v = (v << 6) | (c & 0x3F);
	}
	*cp = v;
	return need + 1;
}

size_t text_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = TEXT_REPLACEMENT;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int text_cp_width(uint32_t cp)
{
	if (cp < 0x300)
		return 1; /* ASCII, Latin-1, and the control pictures' sources never get here */
	if (in_ranges(cp, zero_width, sizeof zero_width / sizeof zero_width[0]))
		return 0;
	if (in_ranges(cp, double_width, sizeof double_width / sizeof double_width[0]))
		return 2;
	return 1;
}

/* Characters that could reorder, hide or misalign text: bidi controls, zero-width and
 * other invisible format characters, line/paragraph separators, tags, noncharacters. */
static const struct range hostile[] = {
	{0x061C, 0x061C}, {0x180E, 0x180E}, {0x200B, 0x200F}, {0x2028, 0x202E},
	{0x2060, 0x206F}, {0xFDD0, 0xFDEF}, {0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB},
	{0xE0000, 0xE007F},
};

/* Code points no terminal should be sent from data: C1, bidi, invisible, noncharacters. */
static int text_hostile(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
	       (cp & 0xFFFE) == 0xFFFE || in_ranges(cp, hostile, sizeof hostile / sizeof hostile[0]);
}

const char *text_quote(const char *s, size_t len, char *out, size_t outsz)
{
	size_t i = 0, o = 0, cut = 0;

	if (!out || outsz == 0)
		return "";
	if (!s)
		len = 0;
	else if (len == (size_t)-1)
		len = strlen(s);
	while (i < len) {
		char item[16];
		size_t n, k;
		uint32_t cp;

		n = text_decode(s + i, len - i, &cp);
		if (cp == TEXT_REPLACEMENT && n == 1 && (unsigned char)s[i] >= 0x80)
			k = (size_t)snprintf(item, sizeof item, "\\x%02X", (unsigned char)s[i]);
		else if (cp < 0x20 || cp == 0x7F)
			k = (size_t)snprintf(item, sizeof item, "\\x%02X", (unsigned)cp);
		else if (text_hostile(cp))
			k = (size_t)snprintf(item, sizeof item, "<U+%04X>", (unsigned)cp);
		else
			memcpy(item, s + i, k = n);
		if (o + k > outsz - 1) {
			/* Back to the last item boundary that leaves room for "...". */
			o = cut;
			if (o + 3 <= outsz - 1) {
				memcpy(out + o, "...", 3);
				o += 3;
			}
			break;
		}
		memcpy(out + o, item, k);
		o += k;
		i += n;
		if (o + 3 <= outsz - 1)
			cut = o;
	}
	out[o] = '\0';
	return out;
}

uint32_t text_sanitize_cp(uint32_t cp)
{
	if (cp == '\t')
		return ' ';
	if (cp < 0x20)
		return 0x2400 + cp; /* ␀..␟ */
	if (cp == 0x7F)
		return 0x2421; /* ␡ */
	if (cp < 0x7F)
		return cp;
	if (text_hostile(cp))
		return TEXT_REPLACEMENT; /* C1 (e.g. CSI U+009B), bidi, invisible */
	if (cp == 0xFE0E || cp == 0xFE0F)
		return 0; /* dropped: presentation selectors change widths (see top) */
	if (cp >= 0x1F1E6 && cp <= 0x1F1FF)
		return 'A' + (cp - 0x1F1E6); /* regional indicator -> its letter */
	return cp;
}

char *text_sanitize(const char *s, size_t len)
{
	char *out, *o;
	size_t i = 0;
	int have_base = 0;

	if (!s)
		len = 0;
	else if (len == (size_t)-1)
		len = strnlen(s, TEXT_MAX_INPUT + 1);
	if (len > TEXT_MAX_INPUT) {
		/* Cut at a character boundary so the cut itself does not make a U+FFFD. */
		len = TEXT_MAX_INPUT;
		for (size_t k = 0; k < 3 && ((unsigned char)s[len] & 0xC0) == 0x80; k++)
			len--;
	}
	/* Every input byte gives at most 3 output bytes: a control picture or U+FFFD for
	 * one byte, a dotted circle and a 2-byte mark for 2 bytes. */
	out = malloc(len * 3 + 1);
	if (!out)
		return NULL;
	o = out;
	while (i < len) {
		uint32_t cp;
		i += text_decode(s + i, len - i, &cp);
		cp = text_sanitize_cp(cp);
		if (cp == 0)
			continue;
		if (text_cp_width(cp) == 0 && !have_base)
			o += text_encode(0x25CC, o); /* ◌: a mark with nothing to sit on */
		have_base = 1;
		o += text_encode(cp, o);
	}
	*o = '\0';
	return out;
}

int text_width(const char *s)
{
	size_t len, i = 0;
	int w = 0;

	if (!s)
		return 0;
	len = strlen(s);
	while (i < len) {
		uint32_t cp;
		i += text_decode(s + i, len - i, &cp);
		w += text_cp_width(cp);
	}
	return w;
}

/*
 * Walks s one cluster (a character and the zero-width marks after it) at a time,
 * copying while it fits, and remembering the last cluster boundary that leaves room for
 * the ellipsis.  Stops at the first cluster that does not fit, so a 1 MB string costs
 * no more than cols clusters.  Clusters are re-encoded, so out is valid UTF-8 even if s
 * was not sanitised.
 */
int text_fit(const char *s, int cols, int ascii, char *out, size_t outsz)
{
	const char *ell = ascii ? "~" : "\xE2\x80\xA6";
	size_t ellb = strlen(ell), len, i = 0, ob = 0, cut_b = 0;
	int used = 0, cut_cols = 0;

	if (!out || outsz == 0)
		return 0;
	out[0] = '\0';
	if (!s || cols <= 0)
		return 0;
	len = strnlen(s, TEXT_MAX_INPUT * 4);
	while (i < len) {
		char buf[4];
		uint32_t cp;
		size_t j = i, cb = 0;
		int w;

		j += text_decode(s + j, len - j, &cp);
		w = text_cp_width(cp);
		cb += text_encode(cp, buf);
		while (j < len) {
			size_t n = text_decode(s + j, len - j, &cp);
			if (text_cp_width(cp) != 0)
				break;
			cb += text_encode(cp, buf);
			j += n;
		}
		if (used + w > cols || ob + cb > outsz - 1)
			goto cut;
		for (size_t k = i; k < j;) {
			k += text_decode(s + k, j - k, &cp);
			ob += text_encode(cp, out + ob);
		}
		used += w;
		i = j;
		if (used + 1 <= cols && ob + ellb <= outsz - 1) {
			cut_b = ob;
			cut_cols = used;
		}
	}
	out[ob] = '\0';
	return used;
cut:
	out[cut_b] = '\0';
	if (cut_b + ellb <= outsz - 1 && cut_cols + 1 <= cols) {
		memcpy(out + cut_b, ell, ellb + 1);
		cut_cols++;
	}
	return cut_cols;
}

void text_thousands(long long n, char *out, size_t outsz)
{
	char tmp[32], *p = tmp + sizeof tmp;
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	int digits = 0;

	if (!out || outsz == 0)
		return;
	*--p = '\0';
	do {
		if (digits && digits % 3 == 0)
			*--p = ',';
		*--p = (char)('0' + u % 10);
		u /= 10;
		digits++;
	} while (u);
	if (n < 0)
		*--p = '-';
	snprintf(out, outsz, "%s", p);
}

/* v >= 0 with the given decimals and trailing zeros trimmed ("12.4", "0.35", "2");
 * whole numbers get thousands separators.  Callers only ask for decimals below 100. */
static void fmt_number(double v, int decimals, char *out, size_t outsz)
{
	char *dot, *e;

	if (decimals == 0 || v >= 1e15) {
		text_thousands((long long)floor(v + 0.5), out, outsz);
		return;
	}
	snprintf(out, outsz, "%.*f", decimals, v);
	dot = strchr(out, '.');
	if (!dot)
		return;
	e = out + strlen(out);
	while (e > dot + 1 && e[-1] == '0')
		*--e = '\0';
	if (e == dot + 1)
		*dot = '\0';
}

/* Decimals for a mass-like figure: 0.35, 4.25, 12.4, 860. */
static int decimals_for(double v)
{
	if (v >= 99.5)
		return 0;
	if (v >= 9.95)
		return 1;
	return 2;
}

void text_quantity(double q, const char *unit, char *out, size_t outsz)
{
	char num[64];
	const char *sign = "", *u = unit ? unit : "";
	int counted = 0;

	if (!out || outsz == 0)
		return;
	if (!isfinite(q)) {
		snprintf(out, outsz, "?");
		return;
	}
	if (q < 0) {
		sign = "-";
		q = -q;
	}
	if (strcmp(u, "kg") == 0) {
		if (q >= 999.5) {
			double t = q / 1000;
			fmt_number(t, t >= 99.95 ? 0 : 1, num, sizeof num);
			snprintf(out, outsz, "%s%s t", sign, num);
		} else if (q > 0 && q < 0.005) {
			fmt_number(q * 1000, 1, num, sizeof num);
			snprintf(out, outsz, "%s%s g", sign, num);
		} else {
			fmt_number(q, decimals_for(q), num, sizeof num);
			snprintf(out, outsz, "%s%s kg", sign, num);
		}
		return;
	}
	if (strcmp(u, "tablets") == 0 || strcmp(u, "pieces") == 0 || strcmp(u, "heads") == 0)
		counted = 1;
	if (counted && q >= 999950) {
		double m = q / 1e6;
		fmt_number(m, m >= 99.95 ? 0 : 1, num, sizeof num);
		snprintf(out, outsz, "%s%s M %s", sign, num, u);
		return;
	}
	if (counted) {
		long long n = (long long)floor(q + 0.5);
		text_thousands(n, num, sizeof num);
		/* "1 head", "1 tablet", "1 piece" */
		snprintf(out, outsz, "%s%s %.*s", sign, num, (int)(strlen(u) - (n == 1)), u);
		return;
	}
	fmt_number(q, decimals_for(q), num, sizeof num);
	if (strcmp(u, "m3") == 0)
		u = "m\xC2\xB3";
	else if (strcmp(u, "litres") == 0 && strcmp(num, "1") == 0)
		u = "litre";
	if (*u)
		snprintf(out, outsz, "%s%s %s", sign, num, u);
	else
		snprintf(out, outsz, "%s%s", sign, num);
}
