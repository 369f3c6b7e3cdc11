// The slide size of every deck (16:9), in inches: the .pptx renderer and the browser's slide view
// lay slides out on it.
export const SLIDE_WIDTH_IN = 13.333;
export const SLIDE_HEIGHT_IN = 7.5;
