// Version 2 of the test declarations: setIconFirst is gone, setType takes a style.
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
    setType(type: string, style: number): this;
    static create(): Button;
  }
  export function makeButton(): Button;
}
