/** A copy of `bytes` in a host buffer (as a Resource is on the device), for a Bitmap; it has no byteLength or other JavaScript properties. */
export function hostBuffer(bytes: ArrayBuffer): HostBuffer;
