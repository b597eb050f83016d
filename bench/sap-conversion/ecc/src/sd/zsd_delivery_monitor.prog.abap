*&---------------------------------------------------------------------*
*& Report ZSD_DELIVERY_MONITOR
*&---------------------------------------------------------------------*
*& Outbound deliveries waiting for picking or goods issue, with the
*& preceding sales order and the following invoice (document flow).
*&---------------------------------------------------------------------*
REPORT zsd_delivery_monitor.

TABLES likp.

TYPES: BEGIN OF ty_flow,
         vbelv   TYPE vbfa-vbelv,
         posnv   TYPE vbfa-posnv,
         vbeln   TYPE vbfa-vbeln,
         posnn   TYPE vbfa-posnn,
         vbtyp_n TYPE vbfa-vbtyp_n,
       END OF ty_flow.

TYPES: BEGIN OF ty_line,
         vbeln   TYPE likp-vbeln,
         lfart   TYPE likp-lfart,
         kostk   TYPE c LENGTH 1,
         wbstk   TYPE c LENGTH 1,
         cat     TYPE c LENGTH 1,
         invoice TYPE vbeln_vf,
       END OF ty_line.

DATA: gt_likp TYPE STANDARD TABLE OF likp,
      gs_likp TYPE likp,
      gt_flow TYPE STANDARD TABLE OF ty_flow,
      gs_flow TYPE ty_flow,
      gt_line TYPE STANDARD TABLE OF ty_line,
      gs_line TYPE ty_line.

DATA: gv_wbstk  TYPE wbstk,
      gv_kostk  TYPE kostk,
      gv_prevcat TYPE vbtyp.

SELECT-OPTIONS: s_vbeln FOR likp-vbeln,
                s_lfart FOR likp-lfart,
                s_vstel FOR likp-vstel.

START-OF-SELECTION.
  PERFORM select_deliveries.
  PERFORM select_flow.
  PERFORM build_lines.
  PERFORM display.

*&---------------------------------------------------------------------*
FORM select_deliveries.
  SELECT * FROM likp INTO TABLE gt_likp
    WHERE vbeln IN s_vbeln
      AND lfart IN s_lfart
      AND vstel IN s_vstel.
ENDFORM.

*&---------------------------------------------------------------------*
*& Document flow: invoices that follow each delivery
*&---------------------------------------------------------------------*
FORM select_flow.
  CHECK gt_likp IS NOT INITIAL.
  SELECT vbelv posnv vbeln posnn vbtyp_n
    FROM vbfa
    INTO TABLE gt_flow
    FOR ALL ENTRIES IN gt_likp
    WHERE vbelv = gt_likp-vbeln.
ENDFORM.

*&---------------------------------------------------------------------*
FORM build_lines.
  LOOP AT gt_likp INTO gs_likp.
    CLEAR gs_line.
    gs_line-vbeln = gs_likp-vbeln.
    gs_line-lfart = gs_likp-lfart.
    gs_line-cat = gs_likp-vbtyp.

*   Picking and goods issue status of the delivery header (VBUK)
    SELECT SINGLE kostk wbstk FROM vbuk INTO (gv_kostk, gv_wbstk)
      WHERE vbeln = gs_likp-vbeln.
    IF sy-subrc = 0.
      gs_line-kostk = gv_kostk.
      gs_line-wbstk = gv_wbstk.
    ENDIF.
    IF gv_wbstk = 'C'.
      CONTINUE.
    ENDIF.

    READ TABLE gt_flow INTO gs_flow WITH KEY vbelv = gs_likp-vbeln BINARY SEARCH.
    IF sy-subrc = 0.
      IF gs_flow-vbtyp_n CA 'MNOP'.
        gs_line-invoice = gs_flow-vbeln.
      ENDIF.
      gv_prevcat = gs_flow-vbtyp_n.
    ENDIF.
    APPEND gs_line TO gt_line.
  ENDLOOP.
ENDFORM.

*&---------------------------------------------------------------------*
*& Items not yet picked: VBUP-KOSTA per delivery item
*&---------------------------------------------------------------------*
FORM open_items USING pv_vbeln TYPE vbeln_vl
                CHANGING pv_count TYPE i.
  DATA lt_vbup TYPE STANDARD TABLE OF vbup.
  SELECT * FROM vbup INTO TABLE lt_vbup
    WHERE vbeln = pv_vbeln
      AND kosta <> 'C'.
  pv_count = lines( lt_vbup ).
ENDFORM.

*&---------------------------------------------------------------------*
FORM display.
  DATA lv_open TYPE i.
  LOOP AT gt_line INTO gs_line.
    PERFORM open_items USING gs_line-vbeln CHANGING lv_open.
    IF gs_line-cat = 'J'.
      WRITE: / gs_line-vbeln, gs_line-lfart, gs_line-kostk, gs_line-wbstk,
               gs_line-invoice, lv_open.
    ENDIF.
  ENDLOOP.
  IF gt_line IS INITIAL.
    MESSAGE 'No deliveries; check VBUK-WBSTK in the selection' TYPE 'S'.
  ENDIF.
ENDFORM.
