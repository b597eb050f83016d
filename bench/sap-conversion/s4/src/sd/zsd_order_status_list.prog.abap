*&---------------------------------------------------------------------*
*& Report ZSD_ORDER_STATUS_LIST
*&---------------------------------------------------------------------*
*& Open sales orders with their overall, delivery and billing status.
*& Header status comes from VBUK, item status from VBUP.
*& Change log:
*&   2011-03-02  initial version (SD team)
*&   2014-09-17  credit status column, selection by VBUK-GBSTK
*&---------------------------------------------------------------------*
REPORT zsd_order_status_list.

TABLES: vbak, vbuk.

TYPES: BEGIN OF ty_order,
         vbeln TYPE vbak-vbeln,
         erdat TYPE vbak-erdat,
         auart TYPE vbak-auart,
         kunnr TYPE vbak-kunnr,
         gbstk TYPE vbuk-gbstk,
         lfstk TYPE vbuk-lfstk,
         fkstk TYPE vbuk-fkstk,
         cmgst TYPE vbuk-cmgst,
       END OF ty_order.

* Local copy of the VBUK fields the list needs
TYPES: BEGIN OF ty_vbuk,
         vbeln TYPE vbeln_va,
         gbstk TYPE gbstk,
         lfstk TYPE lfstk,
         fkstk TYPE fkstk,
         cmgst TYPE cmgst,
       END OF ty_vbuk.

DATA: gt_orders TYPE STANDARD TABLE OF ty_order,
      gs_order  TYPE ty_order,
      gt_vbak   TYPE STANDARD TABLE OF vbak,
      gs_vbak   TYPE vbak,
      gt_vbuk   TYPE STANDARD TABLE OF ty_vbuk,
      gs_vbuk   TYPE ty_vbuk,
      gt_vbup   TYPE STANDARD TABLE OF vbup,
      gs_vbup   TYPE vbup.

DATA: gv_vbtyp   TYPE vbtypl,
      gv_open    TYPE i,
      gv_blocked TYPE i.

SELECT-OPTIONS: s_vbeln FOR vbak-vbeln,
                s_erdat FOR vbak-erdat,
                s_auart FOR vbak-auart,
                s_gbstk FOR vbuk-gbstk.
PARAMETERS: p_items AS CHECKBOX DEFAULT 'X',
            p_block AS CHECKBOX.

START-OF-SELECTION.
  PERFORM select_orders.
  PERFORM select_status.
  IF p_items = 'X'.
    PERFORM select_item_status.
  ENDIF.
  IF p_block = 'X'.
    PERFORM count_blocked.
  ENDIF.
  PERFORM output.

*&---------------------------------------------------------------------*
FORM select_orders.
  SELECT * FROM vbak INTO TABLE gt_vbak
    WHERE vbeln IN s_vbeln
      AND erdat IN s_erdat
      AND auart IN s_auart.
  IF sy-subrc <> 0.
    MESSAGE 'No sales orders for this selection' TYPE 'S'.
    LEAVE LIST-PROCESSING.
  ENDIF.
ENDFORM.

*&---------------------------------------------------------------------*
*& Header status of every selected order (VBUK)
*&---------------------------------------------------------------------*
FORM select_status.
  IF gt_vbak IS NOT INITIAL.
    SELECT vbeln gbstk lfstk fkstk cmgst
      FROM v_vbuk_s4
      INTO TABLE gt_vbuk
      FOR ALL ENTRIES IN gt_vbak
      WHERE vbeln = gt_vbak-vbeln
        AND gbstk IN s_gbstk.
  ENDIF.
  SORT gt_vbuk BY vbeln.

  LOOP AT gt_vbak INTO gs_vbak.
    CLEAR gs_order.
    MOVE-CORRESPONDING gs_vbak TO gs_order.
    READ TABLE gt_vbuk INTO gs_vbuk WITH KEY vbeln = gs_vbak-vbeln BINARY SEARCH.
    IF sy-subrc = 0.
      gs_order-gbstk = gs_vbuk-gbstk.
      gs_order-lfstk = gs_vbuk-lfstk.
      gs_order-fkstk = gs_vbuk-fkstk.
      gs_order-cmgst = gs_vbuk-cmgst.
    ELSE.
      WRITE: / 'No VBUK entry for order', gs_vbak-vbeln.
      CONTINUE.
    ENDIF.
    gv_vbtyp = gs_vbak-vbtyp.
    IF gv_vbtyp = 'C' OR gv_vbtyp = 'I'.
      APPEND gs_order TO gt_orders.
    ENDIF.
  ENDLOOP.
ENDFORM.

*&---------------------------------------------------------------------*
*& Item status (VBUP): only orders with an open item are listed
*&---------------------------------------------------------------------*
FORM select_item_status.
  DATA: lt_open  TYPE STANDARD TABLE OF vbeln_va,
        lv_vbeln TYPE vbeln_va.

  SELECT DISTINCT vbeln FROM vbap INTO TABLE lt_open
    WHERE vbeln IN s_vbeln
      AND lfsta IN ('A', 'B').

  LOOP AT gt_orders INTO gs_order.
    READ TABLE lt_open WITH KEY table_line = gs_order-vbeln TRANSPORTING NO FIELDS.
    IF sy-subrc <> 0.
      DELETE gt_orders.
    ENDIF.
  ENDLOOP.

  SELECT * FROM v_vbup_s4 INTO CORRESPONDING FIELDS OF gs_vbup
    WHERE vbeln IN s_vbeln
      AND absta = 'C'.
    lv_vbeln = gs_vbup-vbeln.
    DELETE gt_orders WHERE vbeln = lv_vbeln.
  ENDSELECT.
ENDFORM.

*&---------------------------------------------------------------------*
*& Orders blocked by credit management, counted per order type
*&---------------------------------------------------------------------*
FORM count_blocked.
  DATA: BEGIN OF ls_blocked,
          vbeln TYPE vbak-vbeln,
          auart TYPE vbak-auart,
          cmgst TYPE vbuk-cmgst,
        END OF ls_blocked,
        lt_blocked LIKE STANDARD TABLE OF ls_blocked.

  SELECT vbeln auart cmgst
    FROM vbak
    INTO TABLE lt_blocked
    WHERE vbeln IN s_vbeln
      AND cmgst IN ('B', 'C')
    ORDER BY auart vbeln.

  LOOP AT lt_blocked INTO ls_blocked.
    AT NEW auart.
      CLEAR gv_blocked.
    ENDAT.
    gv_blocked = gv_blocked + 1.
    AT END OF auart.
      WRITE: / ls_blocked-auart, gv_blocked.
    ENDAT.
  ENDLOOP.

  SELECT COUNT(*) FROM vbak INTO gv_open
    WHERE vbeln IN s_vbeln
      AND gbstk <> 'C'.
ENDFORM.

*&---------------------------------------------------------------------*
FORM output.
  DATA lv_title TYPE string.
  lv_title = |Status per order (VBUK/VBUP), { sy-datum DATE = USER }|.
  WRITE: / lv_title.
  WRITE: / 'Orders selected:', lines( gt_orders ), 'open:', gv_open.
  CALL FUNCTION 'BAPI_SALESORDER_GETSTATUS'
    EXPORTING
      salesdocument = gs_order-vbeln.
  SET PARAMETER ID 'AUN' FIELD gs_order-vbeln.
  CALL TRANSACTION 'VA03' AND SKIP FIRST SCREEN.
  LOOP AT gt_orders INTO gs_order.
    WRITE: / gs_order-vbeln, gs_order-erdat, gs_order-auart,
             gs_order-gbstk, gs_order-lfstk, gs_order-fkstk.
  ENDLOOP.
ENDFORM.
