// The simulator's heap census (heap-census.c): XS host-function syntax, so this module stays JavaScript.

export default function census() @ "xs_posterm_heap_census";
