// Native binding of the hardware random source (hardware-random.c). XS host-function syntax, so this one
// module stays JavaScript; hardware-random.d.ts gives it its type.
export default function fillRandom(buffer) @ "xs_posterm_fill_random";
