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
  DATA: lv_partner TYPE bu_partner,
        ls_segment TYPE ukmbp_cms_sgm.
  lv_partner = iv_kunnr.
  SELECT SINGLE * FROM ukmbp_cms_sgm INTO ls_segment
    WHERE partner = lv_partner
      AND credit_sgmnt = iv_kkber.
  IF sy-subrc <> 0.
    RETURN.
  ENDIF.
  ev_limit = ls_segment-credit_limit.
  ev_blocked = ls_segment-xblocked.

* Open orders (S066) and open items (S067) of the credit account
  CALL FUNCTION 'Z_FSCM_CREDIT_EXPOSURE'
    EXPORTING
      iv_partner  = lv_partner
      iv_segment  = ls_segment-credit_sgmnt
    IMPORTING
      ev_exposure = ev_exposure.

  IF ev_exposure > ev_limit.
    ev_blocked = 'X'.
  ENDIF.
ENDFUNCTION.
