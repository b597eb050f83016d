*&---------------------------------------------------------------------*
*& Report ZSD_INVOICE_CONDITIONS
*&---------------------------------------------------------------------*
*& Prices, discounts and freight of billing documents, read from the
*& pricing result (KONV). Used by controlling for the margin analysis.
*&---------------------------------------------------------------------*
REPORT zsd_invoice_conditions.

TABLES: vbrk, konv.

TYPES: BEGIN OF ty_out,
         vbeln TYPE vbrk-vbeln,
         posnr TYPE vbrp-posnr,
         matnr TYPE vbrp-matnr,
         netwr TYPE vbrp-netwr,
         price TYPE kbetr,
         disc  TYPE kwert,
         konv  TYPE kwert,
         frght TYPE kwert,
       END OF ty_out.

TYPES: ty_konv_tab TYPE STANDARD TABLE OF konv WITH DEFAULT KEY.

DATA: gt_vbrk TYPE STANDARD TABLE OF vbrk,
      gs_vbrk TYPE vbrk,
      gt_vbrp TYPE STANDARD TABLE OF vbrp,
      gs_vbrp TYPE vbrp,
      gt_konv TYPE ty_konv_tab,
      gs_konv TYPE konv,
      gt_out  TYPE STANDARD TABLE OF ty_out,
      gs_out  TYPE ty_out.

DATA: gv_kbetr TYPE konv-kbetr,
      gv_total TYPE kwert.

SELECT-OPTIONS: s_vbeln FOR vbrk-vbeln,
                s_fkdat FOR vbrk-fkdat,
                s_kschl FOR konv-kschl.
PARAMETERS: p_clean AS CHECKBOX.

START-OF-SELECTION.
  PERFORM select_invoices.
  PERFORM select_conditions.
  PERFORM build_output.
  IF p_clean = 'X'.
    PERFORM delete_statistical.
  ENDIF.
  PERFORM freight_total.
  PERFORM display.

*&---------------------------------------------------------------------*
FORM select_invoices.
  SELECT * FROM vbrk INTO TABLE gt_vbrk
    WHERE vbeln IN s_vbeln
      AND fkdat IN s_fkdat
      AND fksto = space.
  CHECK gt_vbrk IS NOT INITIAL.
  SELECT * FROM vbrp INTO TABLE gt_vbrp
    FOR ALL ENTRIES IN gt_vbrk
    WHERE vbeln = gt_vbrk-vbeln.
  SORT gt_vbrp BY vbeln posnr.
ENDFORM.

*&---------------------------------------------------------------------*
*& Conditions of all selected invoices (KONV)
*&---------------------------------------------------------------------*
FORM select_conditions.
  CHECK gt_vbrk IS NOT INITIAL.
  SELECT knumv kposn kschl kbetr kwert waers
    FROM prcd_elements
    INTO CORRESPONDING FIELDS OF TABLE gt_konv
    FOR ALL ENTRIES IN gt_vbrk
    WHERE knumv = gt_vbrk-knumv
      AND kschl IN s_kschl
      AND kinak = space.
ENDFORM.

*&---------------------------------------------------------------------*
FORM build_output.
  LOOP AT gt_vbrp INTO gs_vbrp.
    CLEAR gs_out.
    READ TABLE gt_vbrk INTO gs_vbrk WITH KEY vbeln = gs_vbrp-vbeln.
    gs_out-vbeln = gs_vbrp-vbeln.
    gs_out-posnr = gs_vbrp-posnr.
    gs_out-matnr = gs_vbrp-matnr.
    gs_out-netwr = gs_vbrp-netwr.

*   Price condition of the item
    SELECT SINGLE kbetr FROM v_konv INTO gv_kbetr
      WHERE knumv = gs_vbrk-knumv
        AND kposn = gs_vbrp-posnr
        AND kschl = 'PR00'.
    IF sy-subrc = 0.
      gs_out-price = gv_kbetr.
    ENDIF.

    LOOP AT gt_konv INTO gs_konv WHERE knumv = gs_vbrk-knumv
                                   AND kposn = gs_vbrp-posnr.
      CASE gs_konv-kschl.
        WHEN 'K007' OR 'RA01'.
          gs_out-disc = gs_out-disc + gs_konv-kwert.
        WHEN 'ZKON'.
          gs_out-konv = gs_konv-kwert.
      ENDCASE.
    ENDLOOP.
    APPEND gs_out TO gt_out.
  ENDLOOP.
ENDFORM.

*&---------------------------------------------------------------------*
*& Statistical conditions of cancelled invoices are removed so that the
*& margin analysis does not count them twice.
*&---------------------------------------------------------------------*
FORM delete_statistical.
  MESSAGE 'Statistical conditions are no longer deleted (pricing result in PRCD_ELEMENTS)' TYPE 'S'.
ENDFORM.

*&---------------------------------------------------------------------*
FORM freight_total.
  CLEAR gv_total.
  SELECT * FROM v_konv INTO CORRESPONDING FIELDS OF konv
    WHERE knumv IN ( SELECT knumv FROM vbrk WHERE vbeln IN s_vbeln )
      AND kschl = 'ZFR1'.
    gv_total = gv_total + konv-kwert.
  ENDSELECT.
  LOOP AT gt_out INTO gs_out.
    gs_out-frght = gv_total.
    MODIFY gt_out FROM gs_out TRANSPORTING frght.
  ENDLOOP.
ENDFORM.

*&---------------------------------------------------------------------*
*& Conditions of one invoice for the popup, without statistical ones.
*& Old version, before the condition buffer:
*&   SELECT * FROM konv INTO TABLE konv WHERE knumv = pv_knumv.
*&---------------------------------------------------------------------*
FORM popup_conditions USING pv_knumv TYPE knumv.
  DATA konv TYPE STANDARD TABLE OF konv.
  DATA ls_cond TYPE konv.
  konv = gt_konv.
  DELETE konv WHERE knumv <> pv_knumv.
  LOOP AT konv INTO ls_cond.
    ls_cond-kwert = abs( ls_cond-kwert ).
    MODIFY konv FROM ls_cond.
  ENDLOOP.
  DELETE konv FROM 50.
  SORT konv BY kposn kschl.
ENDFORM.

*&---------------------------------------------------------------------*
FORM display.
  WRITE: / 'Conditions read from KONV for', lines( gt_vbrk ), 'invoices'.
  LOOP AT gt_out INTO gs_out.
    WRITE: / gs_out-vbeln, gs_out-posnr, gs_out-matnr, gs_out-price,
             gs_out-disc, gs_out-konv, gs_out-frght.
  ENDLOOP.
ENDFORM.
