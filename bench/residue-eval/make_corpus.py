#!/usr/bin/env python3
"""Writes a labelled corpus of "not sure" residue for the residue evaluation.

The greetings below were written from public knowledge of each product's greeting
format (documentation, default configuration files, well-known scan results), before
the grouping code was written, and are not tuned to it. Each product has the variation
real servers show: versions, distribution tags, optional comments, dates in several
locales, one or two spaces, host names of every shape. A few products really name
themselves nowhere in their greeting (qmail, Courier POP3, UW IMAP); they stay in, so
that the evaluation shows what cannot be named.

    python3 bench/residue-eval/make_corpus.py --banners 4000 --seed 1 --out /tmp/eval

writes /tmp/eval/corpus.jsonl (banners, one JSON object a line, as `banners` reads
them), /tmp/eval/labels.txt (the product of line N on line N) and
/tmp/eval/base.rules (a rule list that classifies the "known" products, whose banners
are the negative set: a suggested rule must claim none of them).
"""
import argparse
import json
import os
import random

R = random.Random()

# --- variable parts -------------------------------------------------------------

WORDS = ["mail", "mx", "smtp", "relay", "gw", "post", "ftp", "files", "pop", "imap",
         "srv", "host", "mailhub", "exchange", "ns", "web", "dmz", "backup", "edge", "mta"]
DOMAINS = ["example.com", "example.net", "example.org", "uni-bonn.example.de",
           "isp-42.example.co.uk", "kommune.example.no", "corp.example.com.au",
           "example.fr", "shop-online.example.it", "example.jp"]


# Bare host names that are no mail words: default names of appliances and distributions,
# names people give servers, upper-case NetBIOS names of Windows hosts.
OTHER_NAMES = ["zeus", "athena", "orion", "pluto", "nebula", "falcon", "kiwi", "nas", "router",
               "firewall", "server", "pc-042", "debian", "ubuntu", "raspberrypi", "box", "vps"]
NETBIOS = ["MAILSRV", "EXCH", "SRV", "DC", "MX", "FS", "SBS", "MAIL"]
INTERNAL = ["lan", "corp", "intern", "home", "internal", "localdomain", "local", "priv"]


def host():
    """A host name of any shape: bare (mail words, other names, NetBIOS upper case),
    `localhost`, FQDN (sometimes upper or mixed case), internal one-dot names
    (`exchange.corp`), IP-like, with digits and dashes."""
    kind = R.random()
    word = R.choice(WORDS)
    if kind < 0.12:
        return word + (str(R.randint(1, 40)) if R.random() < 0.5 else "")
    if kind < 0.18:
        return "%s-%d" % (word, R.randint(1, 9))
    if kind < 0.23:
        return R.choice(OTHER_NAMES) + pick("", "", str(R.randint(1, 9)), "-%d" % R.randint(1, 9))
    if kind < 0.27:
        return R.choice(NETBIOS) + pick("%02d" % R.randint(1, 20), "-%02d" % R.randint(1, 20),
                                        str(R.choice([2012, 2016, 2019])))
    if kind < 0.29:
        return pick("localhost", "localhost.localdomain")
    if kind < 0.37:
        return "%d.%d.%d.%d" % (R.choice([192, 198, 203, 10]), R.randint(0, 255),
                                R.randint(0, 255), R.randint(1, 254))
    if kind < 0.45:
        a, b, c, d = 203, 0, 113, R.randint(1, 254)
        return "host-%d-%d-%d-%d.dyn.%s" % (a, b, c, d, R.choice(DOMAINS))
    if kind < 0.52:
        return "ip-%d-%d-%d-%d.ec2.internal" % (10, R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
    if kind < 0.58:
        return "%s%s.%s" % (pick(word, R.choice(OTHER_NAMES)), pick("", str(R.randint(1, 9))),
                            R.choice(INTERNAL))
    label = word + (str(R.randint(1, 9)) if R.random() < 0.4 else "")
    if R.random() < 0.3:
        label += "." + R.choice(["int", "dmz", "lan", "a", "eu-west"])
    name = label + "." + R.choice(DOMAINS)
    r = R.random()
    if r < 0.05:
        return name.upper()
    if r < 0.08:
        return name[0].upper() + name[1:]
    return name


def ip():
    return "%d.%d.%d.%d" % (R.choice([192, 198, 203]), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))


EN_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DE_DAYS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
DE_MONTHS = ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]
FR_DAYS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
FR_MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
ZONES = ["+0000", "+0100", "+0200", "-0500", "-0800", "+0900", "+1000", "-0300"]
ZONE_NAMES = ["UTC", "CET", "CEST", "EST", "PST", "JST", "GMT"]


def clock():
    return "%02d:%02d:%02d" % (R.randint(0, 23), R.randint(0, 59), R.randint(0, 59))


def rfc822(localised=True):
    """RFC 822 date, sometimes localised, sometimes with a zone name."""
    day, month, year = R.randint(1, 28), R.randint(0, 11), R.choice([2024, 2025, 2026])
    wd = R.randint(0, 6)
    locale = R.random() if localised else 0
    if locale < 0.7:
        text = "%s, %s %s %d %s %s" % (EN_DAYS[wd], day if R.random() < 0.5 else "%02d" % day,
                                       EN_MONTHS[month], year, clock(), R.choice(ZONES))
        if R.random() < 0.3:
            text += " (%s)" % R.choice(ZONE_NAMES)
        return text
    if locale < 0.85:
        return "%s, %02d %s %d %s %s" % (DE_DAYS[wd], day, DE_MONTHS[month], year, clock(), R.choice(ZONES))
    return "%s %d %s %d %s %s" % (FR_DAYS[wd], day, FR_MONTHS[month], year, clock(), R.choice(ZONES))


def windows_date():
    """Exchange and IIS: `Mon, 2 Dec 2026 04:01:02 +0100`, or a US or ISO form."""
    r = R.random()
    if r < 0.6:
        return rfc822()
    if r < 0.8:
        return "%d/%d/%d %d:%02d:%02d %s" % (R.randint(1, 12), R.randint(1, 28), R.choice([2025, 2026]),
                                             R.randint(1, 12), R.randint(0, 59), R.randint(0, 59), R.choice(["AM", "PM"]))
    return "%d-%02d-%02d %s" % (R.choice([2025, 2026]), R.randint(1, 12), R.randint(1, 28), clock())


def ctime():
    day = R.randint(1, 28)
    return "%s %s %s %s %d" % (R.choice(EN_DAYS), R.choice(EN_MONTHS),
                               ("%2d" % day), clock(), R.choice([2024, 2025, 2026]))


def sp():
    """One space, sometimes two (seen in Exchange and hand-edited greetings)."""
    return "  " if R.random() < 0.3 else " "


def pick(*options):
    return R.choice(options)


def ver(*versions):
    return R.choice(versions)


def hexid(n=32):
    return "".join(R.choice("0123456789abcdef") for _ in range(n))


def crlf(*lines):
    return "\r\n".join(lines) + "\r\n"

# --- products ---------------------------------------------------------------------
# Each is (label, port, weight, greeting function). Weights give large and small
# products, as a real residue has.


def postfix():
    tail = pick("", "", " (Debian/GNU)", " (Ubuntu)", " (2.11.3)", "; NO UCE", " (Postfix)",
                " (Raspbian)", " (SUSE)")
    return crlf("220 %s ESMTP Postfix%s" % (host(), tail))


def exim():
    number = pick("", "", " #2", " #3")
    return crlf("220 %s ESMTP Exim %s%s %s" % (host(), ver("4.92", "4.94.2", "4.96", "4.97.1", "4.89"),
                                               number, rfc822()))


def exchange_smtp():
    if R.random() < 0.5:
        return crlf("220 %s Microsoft ESMTP MAIL Service, Version: %s ready at%s%s" % (
            host(), ver("6.0.3790.4675", "6.0.3790.3959", "10.0.17763.1", "8.5.9600.16384"),
            sp(), windows_date()))
    return crlf("220 %s Microsoft ESMTP MAIL Service ready at %s" % (host(), windows_date()))


def domino():
    release = pick("Lotus Domino Release 8.5.3FP6", "IBM Domino Release 9.0.1FP10 HF383",
                   "Lotus Domino Release 8.5.2", "HCL Domino Release 11.0.1FP2",
                   "Lotus Domino Build V853_07102011", "IBM Domino Release 9.0.1")
    return crlf("220 %s ESMTP Service (%s) ready at %s" % (host(), release, rfc822()))


def qmail():
    return crlf("220 %s ESMTP" % host())


def mdaemon_smtp():
    return crlf("220 %s ESMTP MDaemon %s; %s" % (host(), ver("21.0.3", "20.5.1", "19.5.4", "23.0.2"), rfc822()))


def kerio_smtp():
    return crlf("220 %s Kerio Connect %s ESMTP ready" % (host(), ver("9.2.7", "9.4.1", "10.0.2 patch 1")))


def opensmtpd():
    return crlf("220 %s ESMTP OpenSMTPD" % host())


def haraka():
    return crlf("220 %s ESMTP Haraka%s ready" % (host(), pick("/2.8.25", "/3.0.2", "")))


def icewarp_smtp():
    return crlf("220 %s ESMTP IceWarp %s; %s" % (host(), ver("12.0.3.1", "13.0.2.4", "11.4.6.0"), rfc822()))


def communigate():
    return crlf("220 %s ESMTP CommuniGate Pro %s%s" % (host(), ver("6.2.12", "6.1.9", "5.4.4"),
                                                       pick("", " is glad to see you!")))


def axigen():
    return crlf("220 %s Axigen ESMTP ready" % host())


def argosoft():
    return crlf("220 ArGoSoft Mail Server Pro for WinNT/2000/XP, Version %s (%s)" % (
        ver("1.8", "1.8"), ver("1.8.9.4", "1.8.8.9", "1.8.9.6")))


def mercury():
    return crlf("220 %s Mercury/32 v%s ESMTP server ready." % (host(), ver("4.62", "4.72", "4.80")))


def xmail():
    return crlf("220 <%d.%d@%s> [XMail %s ESMTP Server] service ready; %s" % (
        R.randint(1000, 99999), R.randint(1, 9999), host(), ver("1.27", "1.26", "1.25"), rfc822()))


def groupwise():
    return crlf("220 %s GroupWise Internet Agent %s Ready (C)1993, %d %s" % (
        host(), ver("14.2.2", "18.0.1", "8.0.3"), R.choice([2016, 2018, 2009]),
        pick("Micro Focus", "Novell, Inc.")))


def mailenable():
    return crlf("220 %s ESMTP MailEnable Service, Version: %s-- ready at %s" % (
        host(), ver("10.28", "9.82", "10.40"), windows_date()))


def barracuda():
    return crlf("220 %s ESMTP (%s)" % (host(), hexid()))


def vsftpd():
    if R.random() < 0.85:
        return crlf("220 (vsFTPd %s)" % ver("3.0.3", "3.0.5", "2.3.4", "3.0.2", "2.2.2"))
    return crlf("220 vsFTPd %s ready" % ver("3.0.3", "2.0.5"))


def proftpd():
    r = R.random()
    if r < 0.4:
        return crlf("220 ProFTPD %s Server (%s) [%s]" % (ver("1.3.5e", "1.3.6", "1.3.7a", "1.3.5"),
                                                       pick("Debian", "ProFTPD", "Ubuntu"), ip()))
    if r < 0.7:
        return crlf("220 ProFTPD Server (ProFTPD Default Installation) [%s]" % ip())
    return crlf("220 ProFTPD %s Server (%s) [::ffff:%s]" % (ver("1.3.6", "1.3.8"), host(), ip()))


def pureftpd():
    lines = ["220---------- Welcome to Pure-FTPd [privsep]%s ----------" % pick(" [TLS]", ""),
             "220-You are user number %d of %d allowed." % (R.randint(1, 9), R.choice([5, 50, 100])),
             "220-Local time is now %02d:%02d. Server port: 21." % (R.randint(0, 23), R.randint(0, 59))]
    if R.random() < 0.4:
        lines.append("220-This is a private system - No anonymous login")
    if R.random() < 0.3:
        lines.append("220-IPv6 connections are also welcome on this server.")
    lines.append("220 You will be disconnected after %d minutes of inactivity." % R.choice([15, 10, 30]))
    return crlf(*lines)


def filezilla():
    if R.random() < 0.6:
        return crlf("220-FileZilla Server %s" % ver("0.9.60 beta", "0.9.41 beta", "version 0.9.60 beta"),
                    "220-written by Tim Kosse (tim.kosse@filezilla-project.org)",
                    "220 Please visit https://filezilla-project.org/")
    return crlf("220-FileZilla Server %s" % ver("1.7.2", "1.8.0", "1.5.1"),
                "220 Please visit https://filezilla-project.org/")


def servu():
    return crlf("220 Serv-U FTP Server v%s ready..." % ver("15.1", "15.2", "6.4 for WinSock", "15.3"))


def wuftpd():
    return crlf("220 %s FTP server (Version wu-%s %s) ready." % (
        host(), ver("2.6.2(1)", "2.6.1-18", "2.6.2-5"), ctime()))


def gene6():
    return crlf("220 Gene6 FTP Server v%s (Build %d) ready..." % (ver("3.10.0", "3.9.0"), R.randint(2, 20)))


def titan():
    return crlf("220 Titan FTP Server %s Ready." % ver("10.32.1853", "2019 Build 3505", "11.0.1"))


def wsftp():
    return crlf("220 %s X2 WS_FTP Server %s(%d)" % (host(), ver("7.7", "8.6", "7.5.1"), R.randint(10000000, 99999999)))


def crushftp():
    return crlf("220 Welcome to CrushFTP!")


def xlight():
    return crlf("220 Xlight FTP Server %s ready..." % ver("3.9", "3.8", "3.9.3"))


def bftpd():
    return crlf("220 bftpd %s at %s ready." % (ver("5.7", "4.9", "5.4"), ip()))


def ncftpd():
    return crlf("220 %s NcFTPd Server (%s) ready." % (host(), pick("licensed copy", "unregistered copy")))


def mikrotik_ftp():
    return crlf("220 %s FTP server (MikroTik %s) ready" % (
        pick("MikroTik", host()), ver("6.48.6", "6.49.7", "7.12.1", "6.45.9")))


def fritzbox():
    return crlf("220 FRITZ!Box%s FTP server ready." % pick("7590", "7490", "7530", "Fon WLAN 7390", "6660 Cable"))


def tplink():
    return crlf("220 Welcome to TP-LINK FTP server")


def dovecot_pop3():
    return crlf("+OK Dovecot%s ready.%s" % (pick("", "", " (Ubuntu)", " (Debian)"),
                                            pick("", " <%d.%d@%s>" % (R.randint(1, 99999), R.randint(1, 9), host()))))


def courier_pop3():
    return crlf("+OK Hello there.")


def qpopper():
    return crlf("+OK Qpopper (version %s) at %s starting." % (ver("4.1.0", "4.0.9", "4.0.5"), host()))


def exchange_pop3():
    if R.random() < 0.6:
        return crlf("+OK The Microsoft Exchange POP3 service is ready.")
    return crlf("+OK Microsoft Exchange Server 2003 POP3 server version %s (%s) ready." % (
        ver("6.5.7638.1", "6.5.7226.0"), host()))


def cyrus_pop3():
    v = ver("2.4.17", "2.5.10", "3.0.8")
    return crlf("+OK %s Cyrus POP3 v%s%s server ready <%d.%d@%s>" % (
        host(), v, pick("", "-Debian-" + v + "-" + str(R.randint(1, 4))), R.randint(10**9, 10**10),
        R.randint(1, 999), host()))


def uw_pop3():
    return crlf("+OK POP3 %s v%s server ready" % (host(), ver("2003.83", "2006k.101", "2007f.104")))


def mdaemon_pop3():
    return crlf("+OK %s POP MDaemon %s ready <MDAEMON-F%d.%s.%d@%s>" % (
        host(), ver("21.0.3", "20.5.1"), R.randint(2024000000, 2026999999), hexid(4).upper(), R.randint(1, 99), host()))


def zimbra_pop3():
    return crlf("+OK %s Zimbra POP3 server ready" % host())


def kerio_pop3():
    return crlf("+OK Kerio Connect %s POP3 server ready <%d.%d@%s>" % (
        ver("9.2.7", "10.0.2 patch 1"), R.randint(1000, 9999), R.randint(10**9, 2 * 10**9), host()))


CAPS = ["IMAP4rev1", "SASL-IR", "LOGIN-REFERRALS", "ID", "ENABLE", "IDLE", "LITERAL+", "STARTTLS",
        "AUTH=PLAIN", "AUTH=LOGIN", "LOGINDISABLED"]


def caps():
    chosen = ["IMAP4rev1"] + sorted(R.sample(CAPS[1:], R.randint(3, 8)), key=CAPS.index)
    return "[CAPABILITY %s]" % " ".join(chosen)


def dovecot_imap():
    tag = pick("", "", " (Ubuntu)", " (Debian)")
    if R.random() < 0.7:
        return crlf("* OK %s Dovecot%s ready." % (caps(), tag))
    return crlf("* OK Dovecot%s ready." % tag)


def courier_imap():
    return crlf("* OK [CAPABILITY IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT "
                "THREAD=REFERENCES SORT QUOTA IDLE%s ACL ACL2=UNION%s] Courier-IMAP ready. Copyright "
                "1998-%d Double Precision, Inc.  See COPYING for distribution information." % (
                    pick("", " AUTH=PLAIN"), pick("", " STARTTLS"), R.choice([2011, 2016, 2018])))


def cyrus_imap():
    v = ver("2.4.17", "2.5.10", "3.0.8")
    return crlf("* OK %s%s Cyrus IMAP v%s%s server ready" % (
        pick("", caps() + " "), host(), v, pick("", "-Debian-" + v + "-" + str(R.randint(1, 4)))))


def exchange_imap():
    if R.random() < 0.6:
        return crlf("* OK The Microsoft Exchange IMAP4 service is ready.")
    return crlf("* OK Microsoft Exchange Server 2003 IMAP4rev1 server version %s (%s) ready." % (
        ver("6.5.7638.1", "6.5.7226.0"), host()))


def uw_imap():
    return crlf("* OK %s%s IMAP4rev1 %s at %s" % (pick("", caps() + " "), host(),
                                                 ver("2007f.404", "2007e.104", "2006k.396"), rfc822()))


def zimbra_imap():
    return crlf("* OK %s Zimbra IMAP4rev1 server ready" % host())


def kerio_imap():
    return crlf("* OK Kerio Connect %s IMAP4rev1 server ready" % ver("9.2.7", "10.0.2 patch 1"))


def mdaemon_imap():
    return crlf("* OK %s IMAP4rev1 MDaemon %s ready" % (host(), ver("21.0.3", "20.5.1", "19.5.4")))


def icewarp_imap():
    return crlf("* OK %s IceWarp %s IMAP4rev1 %s" % (host(), ver("12.0.3.1", "13.0.2.4"), rfc822()))


def openssh_other():
    # OpenSSH on Windows and Apple, which the base rules (SSH-2.0-OpenSSH_ followed by a
    # digit) do not cover.
    return "SSH-2.0-OpenSSH_for_Windows_%s\r\n" % ver("8.1", "7.7", "9.5")


def dropbear():
    return "SSH-2.0-dropbear%s\r\n" % pick("_2020.81", "_2019.78", "_2022.83", "_2017.75", "")


def cisco_ssh():
    return "SSH-%s-Cisco-%s\r\n" % (pick("2.0", "1.99"), ver("1.25", "2.0"))


def libssh():
    return "SSH-2.0-libssh%s\r\n" % pick("_0.9.6", "_0.10.5", "-0.6.3", "_0.8.9", "-0.7.0")


def rosssh():
    return "SSH-2.0-ROSSSH\r\n"


def weonlydo():
    return "SSH-2.0-WeOnlyDo %s\r\n" % ver("2.4.3", "2.1.3", "1.2.7")


def bitvise():
    return "SSH-2.0-%s FlowSsh: Bitvise SSH Server (WinSSHD) %s%s\r\n" % (
        ver("9.99", "8.34"), ver("8.49", "9.23", "7.46"), pick("", ": free only for personal non-commercial use"))


def tectia():
    return "SSH-2.0-%s SSH Tectia Server\r\n" % ver("6.4.13.34", "6.1.9.95", "6.4.19.22")


def servu_ssh():
    return "SSH-2.0-Serv-U_%s\r\n" % ver("15.1.6.25", "15.2.3.742", "15.3.1.155")


def go_ssh():
    return "SSH-2.0-Go\r\n"


def paramiko():
    return "SSH-2.0-paramiko_%s\r\n" % ver("2.11.0", "3.4.0", "2.7.2")


def asyncssh():
    return "SSH-2.0-AsyncSSH_%s\r\n" % ver("2.13.2", "2.14.0", "2.9.0")


RESIDUE = [
    ("Postfix", 25, 60, postfix), ("Exim", 25, 40, exim), ("Microsoft SMTP", 25, 30, exchange_smtp),
    ("Domino SMTP", 25, 10, domino), ("qmail", 25, 12, qmail), ("MDaemon SMTP", 25, 6, mdaemon_smtp),
    ("Kerio SMTP", 25, 4, kerio_smtp), ("OpenSMTPD", 25, 5, opensmtpd), ("Haraka", 25, 3, haraka),
    ("IceWarp SMTP", 25, 4, icewarp_smtp), ("CommuniGate Pro", 25, 3, communigate),
    ("Axigen", 25, 2, axigen), ("ArGoSoft", 25, 2, argosoft), ("Mercury/32", 25, 2, mercury),
    ("XMail", 25, 2, xmail), ("GroupWise", 25, 3, groupwise), ("MailEnable", 25, 4, mailenable),
    ("Barracuda", 25, 6, barracuda),
    ("vsftpd", 21, 40, vsftpd), ("ProFTPD", 21, 30, proftpd), ("Pure-FTPd", 21, 20, pureftpd),
    ("FileZilla Server", 21, 15, filezilla), ("Serv-U FTP", 21, 8, servu), ("wu-ftpd", 21, 4, wuftpd),
    ("Gene6 FTP", 21, 2, gene6), ("Titan FTP", 21, 2, titan), ("WS_FTP", 21, 3, wsftp),
    ("CrushFTP", 21, 2, crushftp), ("Xlight FTP", 21, 2, xlight), ("bftpd", 21, 3, bftpd),
    ("NcFTPd", 21, 2, ncftpd), ("MikroTik FTP", 21, 8, mikrotik_ftp), ("FRITZ!Box FTP", 21, 6, fritzbox),
    ("TP-LINK FTP", 21, 3, tplink),
    ("Dovecot POP3", 110, 25, dovecot_pop3), ("Courier POP3", 110, 6, courier_pop3),
    ("Qpopper", 110, 3, qpopper), ("Exchange POP3", 110, 8, exchange_pop3),
    ("Cyrus POP3", 110, 4, cyrus_pop3), ("UW POP3", 110, 2, uw_pop3), ("MDaemon POP3", 110, 3, mdaemon_pop3),
    ("Zimbra POP3", 110, 3, zimbra_pop3), ("Kerio POP3", 110, 2, kerio_pop3),
    ("Dovecot IMAP", 143, 25, dovecot_imap), ("Courier IMAP", 143, 6, courier_imap),
    ("Cyrus IMAP", 143, 4, cyrus_imap), ("Exchange IMAP", 143, 8, exchange_imap),
    ("UW IMAP", 143, 2, uw_imap), ("Zimbra IMAP", 143, 3, zimbra_imap), ("Kerio IMAP", 143, 2, kerio_imap),
    ("MDaemon IMAP", 143, 3, mdaemon_imap), ("IceWarp IMAP", 143, 2, icewarp_imap),
    ("OpenSSH for Windows", 22, 6, openssh_other), ("Dropbear", 22, 20, dropbear),
    ("Cisco SSH", 22, 10, cisco_ssh), ("libssh", 22, 5, libssh), ("ROSSSH", 22, 8, rosssh),
    ("WeOnlyDo", 22, 2, weonlydo), ("Bitvise SSH", 22, 3, bitvise), ("Tectia SSH", 22, 2, tectia),
    ("Serv-U SSH", 22, 3, servu_ssh), ("Go SSH", 22, 4, go_ssh), ("paramiko", 22, 2, paramiko),
    ("AsyncSSH", 22, 2, asyncssh),
]


# The "known" products: the base rule list classifies them; their banners share words
# with the residue (Sendmail's ESMTP, Microsoft's FTP Service, OpenSSH), so they are the
# negative set that keeps suggestions from claiming classified banners.
def sendmail():
    return crlf("220 %s ESMTP Sendmail %s/%s; %s" % (host(), "8.15.2", pick("8.15.2", "8.15.2/Debian-22ubuntu3"), rfc822()))


def microsoft_ftp():
    return crlf(pick("220 Microsoft FTP Service", "220-Microsoft FTP Service\r\n220 %s ready" % host()))


def openssh():
    return "SSH-2.0-OpenSSH_%s\r\n" % pick("8.9p1 Ubuntu-3ubuntu0.6", "7.4", "9.2p1 Debian-2+deb12u3",
                                          "8.4p1 Debian-5+deb11u3", "7.9p1 FreeBSD-20200214")


def courier_smtp_ready():
    return crlf("220 %s ESMTP Service ready" % host())


KNOWN = [("Sendmail", 25, 30, sendmail), ("Microsoft FTP", 21, 15, microsoft_ftp),
         ("OpenSSH", 22, 60, openssh)]

BASE_RULES = """\
# The evaluation's base list: banners these rules claim are "classified", the rest
# is residue. (bench/residue-eval/make_corpus.py writes this file.)
/ESMTP Sendmail/ Sendmail
/Microsoft FTP Service/ Microsoft FTP
/^SSH-[12]\\.[0-9]+-OpenSSH_[0-9]/ OpenSSH
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--banners", type=int, default=4000, help="residue banners")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="directory to write into")
    args = parser.parse_args()
    R.seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    products = RESIDUE + KNOWN
    weights = [p[2] for p in products]
    # Every product at least twice, so both halves of a two-fold split can hold it.
    plan = [p for p in products for _ in range(2)]
    known_total = args.banners * sum(p[2] for p in KNOWN) // sum(p[2] for p in RESIDUE)
    residue_planned = len(RESIDUE) * 2
    while residue_planned < args.banners:
        plan.append(R.choices(RESIDUE, weights=[p[2] for p in RESIDUE])[0])
        residue_planned += 1
    plan += R.choices(KNOWN, weights=[p[2] for p in KNOWN], k=known_total)
    R.shuffle(plan)
    del weights
    with open(os.path.join(args.out, "corpus.jsonl"), "w", encoding="utf-8") as corpus, \
            open(os.path.join(args.out, "labels.txt"), "w", encoding="utf-8") as labels:
        for index, (label, port, _, make) in enumerate(plan):
            record = {"addr": "2001:db8:e7a1::%x" % (index + 1), "port": port, "outcome": "ok",
                      "banner": make()}
            corpus.write(json.dumps(record, ensure_ascii=False) + "\n")
            labels.write(("known:" if (label, port, _, make) in KNOWN else "") + label + "\n")
    with open(os.path.join(args.out, "base.rules"), "w", encoding="utf-8") as rules:
        rules.write(BASE_RULES)


if __name__ == "__main__":
    main()
