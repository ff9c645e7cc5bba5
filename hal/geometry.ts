/** A rectangle in panel pixels; x and y are the top-left corner. */
export interface Rect {
	readonly x: number;
	readonly y: number;
	readonly w: number;
	readonly h: number;
}
