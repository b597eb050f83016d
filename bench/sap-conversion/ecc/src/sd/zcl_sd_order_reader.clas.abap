CLASS zcl_sd_order_reader DEFINITION
  PUBLIC
  FINAL
  CREATE PUBLIC.

  PUBLIC SECTION.
    TYPES: BEGIN OF ty_item_status,
             vbeln TYPE vbeln_va,
             posnr TYPE posnr_va,
             lfsta TYPE lfsta,
             fksta TYPE fksta,
             gbsta TYPE gbsta,
           END OF ty_item_status,
           ty_item_status_tab TYPE STANDARD TABLE OF ty_item_status WITH DEFAULT KEY,
           ty_matnr_tab       TYPE STANDARD TABLE OF matnr WITH DEFAULT KEY,
           BEGIN OF ty_type_count,
             auart TYPE auart,
             count TYPE i,
           END OF ty_type_count,
           ty_type_count_tab TYPE STANDARD TABLE OF ty_type_count WITH DEFAULT KEY.

    METHODS constructor
      IMPORTING iv_vkorg TYPE vkorg.
    METHODS item_status
      IMPORTING iv_vbeln         TYPE vbeln_va
      RETURNING VALUE(rt_status) TYPE ty_item_status_tab.
    METHODS is_fully_delivered
      IMPORTING iv_vbeln       TYPE vbeln_va
      RETURNING VALUE(rv_done) TYPE abap_bool.
    METHODS materials_of_order
      IMPORTING iv_vbeln        TYPE vbeln_va
      RETURNING VALUE(rt_matnr) TYPE ty_matnr_tab.
    METHODS count_by_type
      IMPORTING iv_kunnr         TYPE kunnr
      RETURNING VALUE(rt_counts) TYPE ty_type_count_tab.
    METHODS category
      IMPORTING iv_vbeln           TYPE vbeln_va
      RETURNING VALUE(rv_category) TYPE char1.
    METHODS is_order_like
      IMPORTING iv_vbeln     TYPE vbeln_va
      RETURNING VALUE(rv_ok) TYPE abap_bool.
    METHODS last_item
      IMPORTING iv_vbeln       TYPE vbeln_va
      RETURNING VALUE(rv_posnr) TYPE posnr_va.

  PRIVATE SECTION.
    DATA mv_vkorg TYPE vkorg.
    DATA mt_vbak TYPE SORTED TABLE OF vbak WITH UNIQUE KEY vbeln.
ENDCLASS.



CLASS zcl_sd_order_reader IMPLEMENTATION.

  METHOD constructor.
    mv_vkorg = iv_vkorg.
    SELECT * FROM vbak INTO TABLE mt_vbak
      WHERE vkorg = iv_vkorg
        AND erdat >= sy-datum.
  ENDMETHOD.


  METHOD item_status.
    SELECT vbeln posnr lfsta fksta gbsta
      FROM vbup
      INTO TABLE rt_status
      WHERE vbeln = iv_vbeln.
  ENDMETHOD.


  METHOD is_fully_delivered.
    DATA lv_lfgsk TYPE lfgsk.
    SELECT SINGLE lfgsk FROM vbuk INTO lv_lfgsk WHERE vbeln = iv_vbeln.
    rv_done = boolc( lv_lfgsk = 'C' ).
  ENDMETHOD.


  METHOD materials_of_order.
    SELECT matnr FROM vbap INTO TABLE rt_matnr
      WHERE vbeln = iv_vbeln.
    DELETE ADJACENT DUPLICATES FROM rt_matnr.
  ENDMETHOD.


  METHOD count_by_type.
    DATA: lt_orders TYPE STANDARD TABLE OF vbak,
          ls_order  TYPE vbak,
          ls_count  TYPE ty_type_count.
    SELECT vbeln auart FROM vbak INTO CORRESPONDING FIELDS OF TABLE lt_orders
      WHERE kunnr = iv_kunnr
        AND vkorg = mv_vkorg.
    LOOP AT lt_orders INTO ls_order.
      AT NEW auart.
        CLEAR ls_count.
        ls_count-auart = ls_order-auart.
      ENDAT.
      ls_count-count = ls_count-count + 1.
      AT END OF auart.
        APPEND ls_count TO rt_counts.
      ENDAT.
    ENDLOOP.
  ENDMETHOD.


  METHOD category.
    DATA ls_vbak TYPE vbak.
    READ TABLE mt_vbak INTO ls_vbak WITH TABLE KEY vbeln = iv_vbeln.
    IF sy-subrc <> 0.
      SELECT SINGLE * FROM vbak INTO ls_vbak WHERE vbeln = iv_vbeln.
    ENDIF.
    rv_category = ls_vbak-vbtyp.
  ENDMETHOD.


  METHOD is_order_like.
    DATA ls_vbak TYPE vbak.
    SELECT SINGLE * FROM vbak INTO ls_vbak WHERE vbeln = iv_vbeln.
    rv_ok = boolc( ls_vbak-vbtyp CA 'CGI' ).
  ENDMETHOD.


  METHOD last_item.
    DATA: lt_items TYPE STANDARD TABLE OF vbap,
          ls_item  TYPE vbap,
          lt_sched TYPE STANDARD TABLE OF vbep,
          ls_sched TYPE vbep.
    SELECT * FROM vbap INTO TABLE lt_items WHERE vbeln = iv_vbeln.
    SORT lt_items BY posnr DESCENDING.
    READ TABLE lt_items INTO ls_item INDEX 1.
    rv_posnr = ls_item-posnr.
    SELECT * FROM vbep INTO TABLE lt_sched WHERE vbeln = iv_vbeln.
    LOOP AT lt_sched INTO ls_sched WHERE posnr = rv_posnr.
      EXIT.
    ENDLOOP.
    READ TABLE lt_sched INTO ls_sched WITH KEY posnr = rv_posnr.
  ENDMETHOD.
ENDCLASS.
