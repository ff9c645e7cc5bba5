// TEST KEY ONLY. The factory entry key of simulator and development builds (src/factory/factory-entry.ts):
// public, so anyone can enter factory mode on such a unit. A production build takes its own key from the
// factory's key-management system, never this one. Platform-free.

export const DEVELOPMENT_ENTRY_KEY = Uint8Array.of(
	0x70,
	0x6f,
	0x73,
	0x74,
	0x65,
	0x72,
	0x6d,
	0x2d,
	0x66,
	0x61,
	0x63,
	0x74,
	0x6f,
	0x72,
	0x79,
	0x31,
); // "posterm-factory1"
