// The simulator's heap census (heap-census.c, heap-census.js): a JSON line of what the live heap holds.
declare module "heap-census" {
	export default function census(): string;
}
