// A small UI5-like declaration package written for Uplift's tests: module declarations with
// default-exported classes, a base class, statics and functions.
declare module "acme/ui/Control" {
  export default class Control {
    setVisible(visible: boolean): this;
    /** @deprecated As of version 1.50, use {@link #setVisible} instead. */
    setHidden(hidden: boolean): this;
  }
}

declare module "acme/ui/Button" {
  import Control from "acme/ui/Control";
  export default class Button extends Control {
    setText(text: string): this;
    /** @deprecated As of version 1.40, the icon always comes first. */
    setIconFirst(first: boolean): this;
    setType(type: string): this;
    static create(): Button;
  }
  export function makeButton(): Button;
}
