*&---------------------------------------------------------------------*
*& Report ZMM_MOVEMENT_HISTORY
*&---------------------------------------------------------------------*
*& Goods movements of a material (MKPF/MSEG): last receipt, quantities
*& per movement type, and the status of the deliveries they belong to.
*&---------------------------------------------------------------------*
REPORT zmm_movement_history.

TABLES: mseg, mkpf.

TYPES: BEGIN OF ty_move,
         mblnr TYPE mseg-mblnr,
         mjahr TYPE mseg-mjahr,
         zeile TYPE mseg-zeile,
         bwart TYPE mseg-bwart,
         matnr TYPE mseg-matnr,
         werks TYPE mseg-werks,
         menge TYPE mseg-menge,
         vbeln_im TYPE mseg-vbeln_im,
         budat TYPE mkpf-budat,
       END OF ty_move.

TYPES: BEGIN OF ty_per_type,
         bwart TYPE bwart,
         menge TYPE menge_d,
       END OF ty_per_type.

DATA: gt_move     TYPE STANDARD TABLE OF ty_move,
      gs_move     TYPE ty_move,
      gt_receipts TYPE STANDARD TABLE OF ty_move,
      gt_per_type TYPE STANDARD TABLE OF ty_per_type,
      gs_per_type TYPE ty_per_type,
      gv_stock    TYPE mard-labst,
      gv_table    TYPE tabname,
      gv_status   TYPE c LENGTH 1,
      gt_dyn      TYPE STANDARD TABLE OF vbuk.

SELECT-OPTIONS: s_matnr FOR mseg-matnr OBLIGATORY,
                s_werks FOR mseg-werks,
                s_budat FOR mkpf-budat.

START-OF-SELECTION.
  PERFORM select_movements.
  PERFORM last_receipt.
  PERFORM quantities_per_type.
  PERFORM delivery_status.
  PERFORM current_stock.

*&---------------------------------------------------------------------*
FORM select_movements.
  SELECT m~mblnr m~mjahr m~zeile m~bwart m~matnr m~werks m~menge
         m~vbeln_im k~budat
    FROM mseg AS m INNER JOIN mkpf AS k
      ON k~mblnr = m~mblnr AND k~mjahr = m~mjahr
    INTO TABLE gt_move
    WHERE m~matnr IN s_matnr
      AND m~werks IN s_werks
      AND k~budat IN s_budat.
ENDFORM.

*&---------------------------------------------------------------------*
*& The newest goods receipt: material documents are numbered upwards
*&---------------------------------------------------------------------*
FORM last_receipt.
  SELECT mblnr mjahr zeile bwart matnr werks menge
    FROM mseg
    INTO CORRESPONDING FIELDS OF TABLE gt_receipts
    WHERE matnr IN s_matnr
      AND werks IN s_werks
      AND bwart = '101'
    ORDER BY mjahr DESCENDING mblnr DESCENDING.
  READ TABLE gt_receipts INTO gs_move INDEX 1.
  IF sy-subrc = 0.
    WRITE: / 'Last receipt:', gs_move-mblnr, gs_move-mjahr.
  ENDIF.
ENDFORM.

*&---------------------------------------------------------------------*
FORM quantities_per_type.
  LOOP AT gt_move INTO gs_move.
    gs_per_type-bwart = gs_move-bwart.
    gs_per_type-menge = gs_move-menge.
    COLLECT gs_per_type INTO gt_per_type.
  ENDLOOP.
  SORT gt_per_type BY bwart.
  LOOP AT gt_per_type INTO gs_per_type.
    WRITE: / gs_per_type-bwart, gs_per_type-menge.
  ENDLOOP.
ENDFORM.

*&---------------------------------------------------------------------*
*& Goods issue status of the deliveries, read generically so that the
*& same routine serves inbound and outbound deliveries.
*&---------------------------------------------------------------------*
FORM delivery_status.
  DATA ls_dyn TYPE vbuk.
  gv_table = 'V_VBUK_S4'.
  LOOP AT gt_move INTO gs_move WHERE vbeln_im IS NOT INITIAL.
    SELECT * FROM (gv_table) INTO TABLE gt_dyn
      WHERE vbeln = gs_move-vbeln_im.
    READ TABLE gt_dyn INTO ls_dyn INDEX 1.
    gv_status = ls_dyn-wbstk.
    WRITE: / gs_move-vbeln_im, gv_status.
  ENDLOOP.
ENDFORM.

*&---------------------------------------------------------------------*
FORM current_stock.
  SELECT SUM( labst ) FROM mard INTO gv_stock
    WHERE matnr IN s_matnr
      AND werks IN s_werks.
  WRITE: / 'Unrestricted stock:', gv_stock.
  SELECT SINGLE * FROM mseg WHERE matnr IN s_matnr.
  IF sy-subrc <> 0.
    WRITE: / 'No MSEG movements for this material'.
  ENDIF.
ENDFORM.
