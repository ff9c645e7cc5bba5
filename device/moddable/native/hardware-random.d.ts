/** Fills every byte of `buffer` from the chip's hardware random number generator. */
export default function fillRandom(buffer: ArrayBufferLike | ArrayBufferView): void;
