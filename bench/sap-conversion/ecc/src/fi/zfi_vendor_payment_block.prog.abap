*&---------------------------------------------------------------------*
*& Report ZFI_VENDOR_PAYMENT_BLOCK
*&---------------------------------------------------------------------*
*& Sets or removes the payment block on open vendor items (BSIK) and on
*& the vendor master of vendors with disputed invoices.
*&---------------------------------------------------------------------*
REPORT zfi_vendor_payment_block.

TABLES: lfa1, lfb1.

DATA: bsik TYPE STANDARD TABLE OF bsik WITH HEADER LINE,
      bsak TYPE STANDARD TABLE OF bsak WITH HEADER LINE.

DATA: gt_lfa1   TYPE STANDARD TABLE OF lfa1,
      gs_lfa1   TYPE lfa1,
      gt_log    TYPE STANDARD TABLE OF zfi_block_log,
      gs_log    TYPE zfi_block_log,
      gv_zlspr  TYPE bsik-zlspr,
      gv_count  TYPE i.

SELECT-OPTIONS: s_lifnr FOR lfa1-lifnr,
                s_bukrs FOR lfb1-bukrs.
PARAMETERS: p_zlspr TYPE bsik-zlspr DEFAULT 'R',
            p_mastr AS CHECKBOX,
            p_undo  AS CHECKBOX.

START-OF-SELECTION.
  PERFORM read_items.
  PERFORM block_items.
  IF p_mastr = 'X'.
    PERFORM block_vendors.
  ENDIF.
  PERFORM write_log.

*&---------------------------------------------------------------------*
FORM read_items.
  SELECT * FROM bsik INTO TABLE bsik
    WHERE lifnr IN s_lifnr
      AND bukrs IN s_bukrs.
  SELECT * FROM bsak INTO TABLE bsak
    WHERE lifnr IN s_lifnr
      AND bukrs IN s_bukrs
      AND augdt >= sy-datum.
ENDFORM.

*&---------------------------------------------------------------------*
*& The block is set in the line item; the internal table keeps the new
*& value for the log.
*&---------------------------------------------------------------------*
FORM block_items.
  IF p_undo = 'X'.
    gv_zlspr = space.
  ELSE.
    gv_zlspr = p_zlspr.
  ENDIF.
  LOOP AT bsik.
    bsik-zlspr = gv_zlspr.
    MODIFY bsik FROM bsik.
    UPDATE bsik SET zlspr = gv_zlspr
      WHERE bukrs = bsik-bukrs
        AND lifnr = bsik-lifnr
        AND belnr = bsik-belnr
        AND gjahr = bsik-gjahr
        AND buzei = bsik-buzei.
    IF sy-subrc = 0.
      gv_count = gv_count + 1.
    ENDIF.
  ENDLOOP.
  LOOP AT bsak WHERE zlspr <> space.
    CLEAR bsak-zlspr.
    MODIFY bsak INDEX sy-tabix.
  ENDLOOP.
ENDFORM.

*&---------------------------------------------------------------------*
*& Vendors whose every open item is blocked get a master data block
*&---------------------------------------------------------------------*
FORM block_vendors.
  SELECT * FROM lfa1 INTO TABLE gt_lfa1
    WHERE lifnr IN s_lifnr.
  LOOP AT gt_lfa1 INTO gs_lfa1.
    READ TABLE bsik WITH KEY lifnr = gs_lfa1-lifnr zlspr = space.
    IF sy-subrc <> 0.
      UPDATE lfa1 SET sperr = 'X'
        WHERE lifnr = gs_lfa1-lifnr.
    ENDIF.
  ENDLOOP.
ENDFORM.

*&---------------------------------------------------------------------*
FORM write_log.
  LOOP AT bsik.
    CLEAR gs_log.
    gs_log-lifnr = bsik-lifnr.
    gs_log-belnr = bsik-belnr.
    gs_log-zlspr = bsik-zlspr.
    gs_log-uname = sy-uname.
    gs_log-datum = sy-datum.
    APPEND gs_log TO gt_log.
  ENDLOOP.
  MODIFY zfi_block_log FROM TABLE gt_log.
  WRITE: / gv_count, 'items in BSIK changed'.
ENDFORM.
