FUNCTION z_sd_credit_exposure.
*"----------------------------------------------------------------------
*"*"Local Interface:
*"  IMPORTING
*"     VALUE(IV_KUNNR) TYPE  KUNNR
*"     VALUE(IV_KKBER) TYPE  KKBER
*"  EXPORTING
*"     VALUE(EV_LIMIT) TYPE  KLIMK
*"     VALUE(EV_EXPOSURE) TYPE  KLIMK
*"     VALUE(EV_BLOCKED) TYPE  FLAG
*"----------------------------------------------------------------------
  DATA: lv_open_orders TYPE klimk,
        lv_open_items  TYPE klimk,
        lt_s066        TYPE STANDARD TABLE OF s066,
        ls_s066        TYPE s066.

  CLEAR: ev_limit, ev_exposure, ev_blocked.

* Credit limit and block from the credit master (KNKK)
  SELECT SINGLE * FROM knkk INTO gs_knkk
    WHERE kunnr = iv_kunnr
      AND kkber = iv_kkber.
  IF sy-subrc <> 0.
    RETURN.
  ENDIF.
  ev_limit = gs_knkk-klimk.
  ev_blocked = gs_knkk-crblb.

* Open orders (S066) and open items (S067) of the credit account
  SELECT * FROM s066 INTO TABLE lt_s066
    WHERE knkli = iv_kunnr
      AND kkber = iv_kkber.
  LOOP AT lt_s066 INTO ls_s066.
    lv_open_orders = lv_open_orders + ls_s066-oeikw.
  ENDLOOP.
  SELECT SUM( olikw ) FROM s067 INTO lv_open_items
    WHERE knkli = iv_kunnr
      AND kkber = iv_kkber.

  ev_exposure = lv_open_orders + lv_open_items + gs_knkk-skfor.
  IF ev_exposure > ev_limit.
    ev_blocked = 'X'.
  ENDIF.
ENDFUNCTION.
