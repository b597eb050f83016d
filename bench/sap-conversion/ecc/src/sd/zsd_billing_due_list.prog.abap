*&---------------------------------------------------------------------*
*& Report ZSD_BILLING_DUE_LIST
*&---------------------------------------------------------------------*
*& Deliveries and orders due for billing, with the invoice already
*& created for them and its net price. Billing status: VBUK-FKSTK and
*& VBUP-FKSTA; prices from KONV.
*&---------------------------------------------------------------------*
REPORT zsd_billing_due_list.

TABLES: likp, vbuk, vbup.

TYPES: BEGIN OF ty_due,
         vbeln TYPE vbeln_vl,
         posnr TYPE posnr_vl,
         matnr TYPE matnr,
         lfimg TYPE lfimg,
         fksta TYPE fksta,
         price TYPE kbetr,
       END OF ty_due.

DATA: gt_likp  TYPE STANDARD TABLE OF likp,
      gs_likp  TYPE likp,
      gt_lips  TYPE STANDARD TABLE OF lips,
      gs_lips  TYPE lips,
      gt_vbup  TYPE STANDARD TABLE OF vbup,
      gs_vbup  TYPE vbup,
      gs_vbuk  TYPE vbuk,
      gt_due   TYPE STANDARD TABLE OF ty_due,
      gs_due   TYPE ty_due,
      gt_vbrp  TYPE STANDARD TABLE OF vbrp,
      gs_vbrp  TYPE vbrp,
      gt_mara  TYPE STANDARD TABLE OF mara,
      gs_mara  TYPE mara,
      gt_prcd  TYPE SORTED TABLE OF vbrk WITH UNIQUE KEY vbeln,
      gs_vbrk  TYPE vbrk,
      gv_fkstk TYPE vbuk-fkstk,
      gv_kbetr TYPE kbetr.

SELECT-OPTIONS: s_vbeln FOR likp-vbeln,
                s_wadat FOR likp-wadat_ist.

START-OF-SELECTION.
  PERFORM select_deliveries.
  PERFORM select_items.
  PERFORM select_invoices.
  PERFORM build_list.
  PERFORM show.

*&---------------------------------------------------------------------*
FORM select_deliveries.
  SELECT * FROM likp INTO TABLE gt_likp
    WHERE vbeln IN s_vbeln
      AND wadat_ist IN s_wadat
    ORDER BY PRIMARY KEY.
  LOOP AT gt_likp INTO gs_likp.
    SELECT SINGLE fkstk FROM vbuk INTO gv_fkstk
      WHERE vbeln = gs_likp-vbeln.
    IF gv_fkstk = 'C'.
      DELETE gt_likp.
    ENDIF.
  ENDLOOP.
ENDFORM.

*&---------------------------------------------------------------------*
FORM select_items.
  CHECK gt_likp IS NOT INITIAL.
  SELECT * FROM lips INTO TABLE gt_lips
    FOR ALL ENTRIES IN gt_likp
    WHERE vbeln = gt_likp-vbeln.
  SORT gt_lips BY vbeln posnr.

  SELECT * FROM vbup INTO TABLE gt_vbup
    FOR ALL ENTRIES IN gt_likp
    WHERE vbeln = gt_likp-vbeln
      AND fksta <> 'C'.

  SELECT * FROM mara INTO TABLE gt_mara
    FOR ALL ENTRIES IN gt_lips
    WHERE matnr = gt_lips-matnr.
ENDFORM.

*&---------------------------------------------------------------------*
FORM select_invoices.
  CHECK gt_lips IS NOT INITIAL.
  SELECT * FROM vbrp INTO TABLE gt_vbrp
    FOR ALL ENTRIES IN gt_lips
    WHERE vgbel = gt_lips-vbeln
      AND vgpos = gt_lips-posnr.
  SELECT * FROM vbrk INTO TABLE gt_prcd
    FOR ALL ENTRIES IN gt_vbrp
    WHERE vbeln = gt_vbrp-vbeln.
ENDFORM.

*&---------------------------------------------------------------------*
FORM build_list.
  LOOP AT gt_vbup INTO gs_vbup.
    CLEAR gs_due.
    READ TABLE gt_lips INTO gs_lips WITH KEY vbeln = gs_vbup-vbeln posnr = gs_vbup-posnr BINARY SEARCH.
    CHECK sy-subrc = 0.
    gs_due-vbeln = gs_lips-vbeln.
    gs_due-posnr = gs_lips-posnr.
    gs_due-matnr = gs_lips-matnr.
    gs_due-lfimg = gs_lips-lfimg.
    gs_due-fksta = gs_vbup-fksta.
    READ TABLE gt_mara INTO gs_mara WITH KEY matnr = gs_lips-matnr BINARY SEARCH.
    IF sy-subrc <> 0.
      CONTINUE.
    ENDIF.
    READ TABLE gt_vbrp INTO gs_vbrp WITH KEY vgbel = gs_lips-vbeln vgpos = gs_lips-posnr BINARY SEARCH.
    IF sy-subrc = 0.
      READ TABLE gt_prcd INTO gs_vbrk WITH TABLE KEY vbeln = gs_vbrp-vbeln.
      SELECT kbetr FROM konv INTO gv_kbetr UP TO 1 ROWS
        WHERE knumv = gs_vbrk-knumv
          AND kposn = gs_vbrp-posnr
          AND kschl = 'PR00'.
      ENDSELECT.
      gs_due-price = gv_kbetr.
    ENDIF.
    APPEND gs_due TO gt_due.
  ENDLOOP.
ENDFORM.

*&---------------------------------------------------------------------*
FORM show.
  DATA lv_lines TYPE i.
  SELECT SINGLE * FROM vbuk INTO gs_vbuk
    WHERE vbeln IN s_vbeln.
  IF sy-subrc = 0 AND gs_vbuk-fkstk = 'A'.
    WRITE: / 'First delivery not billed at all:', gs_vbuk-vbeln.
  ENDIF.
  lv_lines = lines( gt_due ).
  WRITE: / lv_lines, 'items due for billing (VBUP-FKSTA not C)'.
  LOOP AT gt_due INTO gs_due.
    WRITE: / gs_due-vbeln, gs_due-posnr, gs_due-matnr, gs_due-lfimg, gs_due-price.
  ENDLOOP.
ENDFORM.
